// Percentiles and the Markdown table that goes into RESULTS.md.

export type Percentiles = { n: number; p50: number; p95: number; p99: number };
export type Result = {
  db: 'postgres' | 'pglite';
  size: { parties: number; contacts: number };
  searches: {
    kind: string;
    api: Percentiles;
    sql: Percentiles;
    /** The same read with its processing-log entry, as the API sends it (floor.ts searchLogged). */
    logged: Percentiles;
    hitRate: number;
    detected: Record<string, number>;
  }[];
  view: { api: Percentiles; sql: Percentiles; avgItems: number } | null;
  registration: { apiPerSecond: number; sqlPerSecond: number; n: number; concurrency: number } | null;
  rssMb: number;
  peakRssMb: number;
};

export function percentiles(ms: number[]): Percentiles {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const row = (label: string, api: Percentiles, sql: Percentiles, extra = '', logged?: Percentiles) =>
  `| ${label} | ${f(api.p50)} | ${f(api.p95)} | ${f(api.p99)} | ${f(sql.p50)} | ${f(sql.p95)} | ${f(sql.p99)} | ${(api.p95 / sql.p95).toFixed(2)}× | ${logged ? `${f(logged.p95)} | ${(api.p95 / logged.p95).toFixed(2)}×` : '– | –'} | ${extra} |`;

export function markdownReport(
  results: (Result & { scale?: string; loadSeconds?: number | null })[],
): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(
      `### ${r.db}, ${r.size.parties.toLocaleString('en')} parties / ${r.size.contacts.toLocaleString('en')} contacts` +
        (r.loadSeconds ? ` (load ${r.loadSeconds.toFixed(0)} s)` : ''),
      '',
      '| what (ms) | API p50 | API p95 | API p99 | SQL p50 | SQL p95 | SQL p99 | p95 ratio | SQL + log p95 | ratio to it | notes |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    );
    for (const s of r.searches) {
      const detected = Object.entries(s.detected)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      out.push(
        row(
          `search ${s.kind}`,
          s.api,
          s.sql,
          `found ${(s.hitRate * 100).toFixed(0)}%; detected ${detected}`,
          s.logged,
        ),
      );
    }
    if (r.view)
      out.push(
        row(
          'customer view',
          r.view.api,
          r.view.sql,
          `${r.view.avgItems.toFixed(1)} timeline items on average`,
        ),
      );
    out.push('');
    if (r.registration) {
      const g = r.registration;
      out.push(
        `Registration (${g.n} contacts, concurrency ${g.concurrency}): API ${g.apiPerSecond.toFixed(0)}/s, raw SQL ${g.sqlPerSecond.toFixed(0)}/s, ratio ${((g.apiPerSecond / g.sqlPerSecond) * 100).toFixed(0)}%.`,
      );
    }
    out.push(
      `Process RSS (Loket server + bench client${r.db === 'pglite' ? ' + embedded database' : ''}): ${r.rssMb.toFixed(0)} MB at the end, peak ${r.peakRssMb.toFixed(0)} MB.`,
      '',
    );
  }
  return out.join('\n');
}
