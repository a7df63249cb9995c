// ISO 8601 durations for the dev clock: P3D, PT2H30M, P1W, P1Y2M3DT4H5M6S.
const pattern =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** The instant `duration` after `from` (years and months by the calendar), or null when not a valid duration. */
export function addIsoDuration(from: Date, duration: string): Date | null {
  const m = pattern.exec(duration.trim().toUpperCase());
  if (!m) return null;
  const [y, mo, w, d, h, mi, s] = m.slice(1).map((v) => (v ? Number(v.replace(',', '.')) : 0)) as number[];
  const out = new Date(from);
  out.setUTCFullYear(out.getUTCFullYear() + (y ?? 0), out.getUTCMonth() + (mo ?? 0));
  return new Date(
    out.getTime() + (((w ?? 0) * 7 + (d ?? 0)) * 86_400 + (h ?? 0) * 3600 + (mi ?? 0) * 60 + (s ?? 0)) * 1000,
  );
}
