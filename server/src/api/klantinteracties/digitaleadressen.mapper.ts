// DigitaalAdres ⇄ the parties module's digital addresses (+ reference and providing betrokkene).
import { z } from 'zod';
import type { Db } from '../../db/connect.ts';
import { type DigitalAddressRow, findDigitalAddresses } from '../../modules/parties/parties.listing.ts';
import { soortDigitaalAdres } from './codes.ts';
import { digitalAddressExtras } from './extras.repo.ts';
import { fkInputNullable, type Urls } from './http.ts';

export const digitaalAdresInput = z.object({
  verstrektDoorBetrokkene: fkInputNullable,
  verstrektDoorPartij: fkInputNullable,
  adres: z.string().min(1).max(80),
  soortDigitaalAdres: z.enum(['email', 'telefoonnummer', 'overig']),
  isStandaardAdres: z.boolean().optional(),
  omschrijving: z.string().max(40).optional(),
  referentie: z
    .string()
    .max(50)
    .regex(/^[-a-zA-Z0-9_]*$/, 'Alleen letters, cijfers, - en _.')
    .optional(),
  verificatieDatum: z.iso.date().nullish(),
});
export const digitaalAdresPatch = digitaalAdresInput.partial();
export type DigitaalAdresInput = z.infer<typeof digitaalAdresPatch>;

const dateOf = (d: Date | null) =>
  d ? new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(d) : null;

export async function toDigitaleAdressen(db: Db, u: Urls, rows: DigitalAddressRow[]) {
  const extras = await digitalAddressExtras(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const e = extras.get(r.id);
    return {
      uuid: r.id,
      url: u.url('digitaleadressen', r.id),
      verstrektDoorBetrokkene: u.fkOrNull('betrokkenen', e?.involvementId),
      verstrektDoorPartij: u.fkOrNull('partijen', r.partyId),
      adres: r.value,
      soortDigitaalAdres: soortDigitaalAdres[r.kind],
      isStandaardAdres: r.isPreferred,
      omschrijving: (r.label ?? '').slice(0, 40),
      // The standard's pattern does not allow '', so an absent reference is left out.
      ...(e?.reference ? { referentie: e.reference } : {}),
      verificatieDatum: dateOf(r.verifiedAt),
    };
  });
}

/** In the order of `ids`. */
export async function loadDigitaleAdressen(db: Db, u: Urls, ids: string[]) {
  const rows = await findDigitalAddresses(db, ids);
  const mapped = await toDigitaleAdressen(db, u, rows);
  return ids.map((id) => mapped.find((m) => m.uuid === id)).filter((m): m is (typeof mapped)[number] => !!m);
}

export type DigitaalAdres = Awaited<ReturnType<typeof toDigitaleAdressen>>[number];
