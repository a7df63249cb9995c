import { describe, expect, it } from 'vitest';
import { buildTsQuery, queryWords } from './search.tsquery.ts';

describe('free text query building', () => {
  it('splits words, lower-cases them and reads -word as an exclusion', () => {
    expect(queryWords('Fietsen gestolen -station')).toEqual([
      { word: 'fietsen', negated: false },
      { word: 'gestolen', negated: false },
      { word: 'station', negated: true },
    ]);
    expect(queryWords("e-mail o'brien & | !")).toEqual([
      { word: 'e', negated: false },
      { word: 'mail', negated: false },
      { word: 'o', negated: false },
      { word: 'brien', negated: false },
    ]);
  });

  it('matches either Dutch stem exactly and drops stop words', () => {
    expect(
      buildTsQuery([
        { word: 'fietsen', negated: false, stem: 'fiets', stem2: 'fiet' },
        { word: 'de', negated: false, stem: null, stem2: null },
        { word: 'gestolen', negated: false, stem: 'gestol', stem2: 'gestol' },
        { word: 'kat', negated: true, stem: 'kat', stem2: 'kat' },
      ]),
    ).toBe("('fiets' | 'fiet') & 'gestol' & !'kat'");
  });

  it('gives nothing to search for when only stop words or exclusions remain', () => {
    expect(buildTsQuery([{ word: 'de', negated: false, stem: null, stem2: null }])).toBeNull();
    expect(buildTsQuery([{ word: 'fiets', negated: true, stem: 'fiet', stem2: 'fiet' }])).toBeNull();
  });
});
