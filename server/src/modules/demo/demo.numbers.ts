// Identifiers for generated parties: unique per index and valid, without a lookup table.

/** A scrambled but unique j in [0, m) for each i < m (a * i mod m with a coprime to m). */
export const scramble = (i: number, m: number) => Number((BigInt(i) * 7_919_843n) % BigInt(m));

/** A valid (11-proof) BSN, unique per index below 40 million. */
export function bsnFor(i: number): string {
  const prefix = 10_000_000 + 2 * scramble(i + 1, 40_000_000);
  for (const p of [prefix, prefix + 1]) {
    const digits = String(p);
    let sum = 0;
    for (let k = 0; k < 8; k++) sum += Number(digits[k]) * (9 - k);
    const check = sum % 11;
    if (check < 10) return digits + check; // sum − check ≡ 0 (mod 11): the elfproef with last weight −1
  }
  throw new Error('unreachable: consecutive prefixes differ by 2 in the check sum');
}

/** A valid RSIN (same 11-proof), disjoint from the BSNs (prefixes start at 9). */
export function rsinFor(i: number): string {
  const prefix = 90_000_000 + 2 * scramble(i + 1, 4_999_999);
  for (const p of [prefix, prefix + 1]) {
    const digits = String(p);
    let sum = 0;
    for (let k = 0; k < 8; k++) sum += Number(digits[k]) * (9 - k);
    if (sum % 11 < 10) return digits + (sum % 11);
  }
  throw new Error('unreachable');
}
