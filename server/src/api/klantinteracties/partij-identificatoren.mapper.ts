// PartijIdentificator ⇄ the parties module's identifiers (bsn, kvk_nummer, vestigingsnummer, rsin).
import { z } from 'zod';
import { type CodeSoortObjectId, identifierCodes } from './codes.ts';
import { fkInput, type Urls } from './http.ts';

export const partijIdentificatorGroep = z.object({
  codeObjecttype: z.enum(['natuurlijk_persoon', 'niet_natuurlijk_persoon', 'vestiging']),
  codeSoortObjectId: z.enum(['bsn', 'vestigingsnummer', 'kvk_nummer', 'rsin']),
  objectId: z.string().min(1).max(200),
  codeRegister: z.enum(['brp', 'hr']),
});

export const partijIdentificatorInput = z.object({
  identificeerdePartij: fkInput.nullish(),
  anderePartijIdentificator: z.string().max(200).optional(),
  partijIdentificator: partijIdentificatorGroep,
  subIdentificatorVan: fkInput.nullish(),
});

type Identifier = { id: string; partyId: string; type: CodeSoortObjectId; value: string };

/** A vestigingsnummer is a sub-identifier of the same party's KvK-nummer. */
export function toPartijIdentificator(u: Urls, i: Identifier, siblings: { id: string; type: string }[]) {
  const kvk = i.type === 'vestigingsnummer' ? siblings.find((s) => s.type === 'kvk_nummer') : undefined;
  return {
    uuid: i.id,
    url: u.url('partij-identificatoren', i.id),
    identificeerdePartij: u.fk('partijen', i.partyId),
    partijIdentificator: {
      codeObjecttype: identifierCodes[i.type].codeObjecttype,
      codeSoortObjectId: i.type,
      objectId: i.value,
      codeRegister: identifierCodes[i.type].codeRegister,
    },
    subIdentificatorVan: kvk ? u.fk('partij-identificatoren', kvk.id) : null,
  };
}
