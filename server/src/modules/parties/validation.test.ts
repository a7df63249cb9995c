import { describe, expect, it } from 'vitest';
import {
  isValidBsn,
  isValidKvkNummer,
  isValidRsin,
  isValidVestigingsnummer,
  normaliseEmail,
  normaliseIdentifier,
  normalisePhone,
  normalisePostcode,
  parseHouseNumber,
  searchName,
} from './validation.ts';

describe('BSN and RSIN 11-proof', () => {
  it.each(['111222333', '123456782', '999993653', '010000008'])('accepts valid BSN %s', (bsn) => {
    expect(isValidBsn(bsn)).toBe(true);
  });

  it.each([
    ['123456789', 'fails the 11-proof'],
    ['111222334', 'one digit off'],
    ['12345678', 'eight digits'],
    ['1234567822', 'ten digits'],
    ['000000000', 'all zeros'],
    ['12345678a', 'a letter'],
    ['', 'empty'],
  ])('rejects %s (%s)', (bsn) => {
    expect(isValidBsn(bsn)).toBe(false);
  });

  it('checks an RSIN with the same 11-proof', () => {
    expect(isValidRsin('002564440')).toBe(true);
    expect(isValidRsin('002564441')).toBe(false);
  });

  it('strips spaces, dots and dashes before checking', () => {
    expect(normaliseIdentifier(' 1234.56.782 ')).toBe('123456782');
    expect(isValidBsn(normaliseIdentifier('1234 56 782'))).toBe(true);
  });
});

describe('KvK-nummer and vestigingsnummer', () => {
  it('wants exactly 8 digits for a KvK-nummer', () => {
    expect(isValidKvkNummer('69599084')).toBe(true);
    expect(isValidKvkNummer('6959908')).toBe(false);
    expect(isValidKvkNummer('695990845')).toBe(false);
    expect(isValidKvkNummer('6959908a')).toBe(false);
  });

  it('wants exactly 12 digits for a vestigingsnummer', () => {
    expect(isValidVestigingsnummer('000038509504')).toBe(true);
    expect(isValidVestigingsnummer('00003850950')).toBe(false);
    expect(isValidVestigingsnummer('0000385095041')).toBe(false);
  });
});

describe('postcode', () => {
  it.each([
    ['1234AB', '1234AB'],
    ['1234 ab', '1234AB'],
    [' 1234  Ab ', '1234AB'],
    ['9999zz', '9999ZZ'],
  ])('normalises %j to %s', (input, out) => {
    expect(normalisePostcode(input)).toBe(out);
  });

  it.each(['0123AB', '123AB', '12345AB', '1234A', '1234SS', '1234 sa', 'ABCD12', ''])(
    'rejects %j',
    (input) => {
      expect(normalisePostcode(input)).toBeNull();
    },
  );
});

describe('house numbers', () => {
  it.each([
    ['5', 5, null, null],
    ['5a', 5, 'A', null],
    ['5-a', 5, 'A', null],
    ['12 A', 12, 'A', null],
    ['5 bis', 5, null, 'bis'],
    ['12-3hg', 12, null, '3hg'],
    ['7a-2', 7, 'A', '2'],
    ['14 II', 14, null, 'II'],
  ])('reads %j', (input, houseNumber, houseLetter, suffix) => {
    expect(parseHouseNumber(input)).toEqual({ houseNumber, houseLetter, suffix });
  });

  it.each(['', 'a5', '0', '123456', '5 toolongsuffix', '5--a'])('rejects %j', (input) => {
    expect(parseHouseNumber(input)).toBeNull();
  });
});

describe('phone numbers', () => {
  it.each([
    ['06-12345678', '+31612345678'],
    ['06 1234 5678', '+31612345678'],
    ['+31 6 12345678', '+31612345678'],
    ['0031612345678', '+31612345678'],
    ['+31 (0)6 12345678', '+31612345678'],
    ['020-1234567', '+31201234567'],
    ['(020) 123 45 67', '+31201234567'],
    ['010 123 4567', '+31101234567'],
  ])('normalises %j to %s', (input, e164) => {
    expect(normalisePhone(input)).toBe(e164);
  });

  it.each(['12345', '06-1234567', '06-123456789', 'bel me', '', '+31 6 1234567x'])('rejects %j', (input) => {
    expect(normalisePhone(input)).toBeNull();
  });
});

describe('e-mail', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Jan.Jansen@Voorbeeld.NL ')).toBe('jan.jansen@voorbeeld.nl');
  });

  it.each([
    'jan',
    'jan@',
    '@voorbeeld.nl',
    'jan@voorbeeld',
    'jan jansen@voorbeeld.nl',
    'jan..j@voorbeeld.nl',
    'a@b@c.nl',
  ])('rejects %j', (input) => {
    expect(normaliseEmail(input)).toBeNull();
  });
});

describe('searchName', () => {
  it('lower-cases, strips accents and collapses whitespace', () => {
    expect(searchName('  Çelik   ')).toBe('celik');
    expect(searchName('Jan  van der  BERG')).toBe('jan van der berg');
    expect(searchName('Ëlise Müller-Groß')).toBe('elise muller-groß');
  });
});
