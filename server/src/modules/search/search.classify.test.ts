import { describe, expect, it } from 'vitest';
import { classifyQuery } from './search.classify.ts';

describe('recognising what was typed in the search box', () => {
  it('recognises a BSN only when it passes the 11-proof', () => {
    expect(classifyQuery('111222333')).toEqual({ kind: 'bsn', value: '111222333' });
    expect(classifyQuery(' 1112.22.333 ')).toEqual({ kind: 'bsn', value: '111222333' });
    expect(classifyQuery('111222334').kind).not.toBe('bsn');
  });

  it('recognises a KvK-nummer (8 digits) and a vestigingsnummer (12 digits)', () => {
    expect(classifyQuery('69599084')).toEqual({ kind: 'kvk', value: '69599084' });
    expect(classifyQuery('0000 1234 5678')).toEqual({ kind: 'vestigingsnummer', value: '000012345678' });
  });

  it.each([
    ['1234ab 5', 5, null, null],
    ['1234 AB 5-a', 5, 'A', null],
    ['1234AB5', 5, null, null],
    ['1234 ab, 12 bis', 12, null, 'bis'],
    ['1234AB 7a-2', 7, 'A', '2'],
  ])('recognises postcode + huisnummer in %s', (q, houseNumber, houseLetter, suffix) => {
    expect(classifyQuery(q)).toEqual({
      kind: 'postcode',
      postcode: '1234AB',
      houseNumber,
      houseLetter,
      suffix,
    });
  });

  it('recognises a postcode alone', () => {
    expect(classifyQuery('1234 ab')).toMatchObject({
      kind: 'postcode',
      postcode: '1234AB',
      houseNumber: null,
    });
  });

  it.each(['06-12345678', '06 1234 5678', '+31 6 12345678', '0031612345678', '(06) 12 34 56 78'])(
    'recognises the phone number %s',
    (q) => {
      expect(classifyQuery(q)).toEqual({ kind: 'phone', value: '+31612345678' });
    },
  );

  it('recognises a landline', () => {
    expect(classifyQuery('020-1234567')).toEqual({ kind: 'phone', value: '+31201234567' });
  });

  it('recognises an e-mail address, lower-cased', () => {
    expect(classifyQuery(' J.Jansen@Example.NL ')).toEqual({ kind: 'email', value: 'j.jansen@example.nl' });
  });

  it('treats words as a name, accents stripped and lower-cased, keeping the text for contacts', () => {
    expect(classifyQuery('Çelik')).toEqual({ kind: 'name', value: 'celik', text: 'Çelik' });
    expect(classifyQuery('de  Vries')).toEqual({ kind: 'name', value: 'de vries', text: 'de Vries' });
    expect(classifyQuery('fietsen gestolen')).toMatchObject({ kind: 'name', text: 'fietsen gestolen' });
  });
});
