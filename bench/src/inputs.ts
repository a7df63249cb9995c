// What employees type into the search box, derived from the generator (no database look-up), in
// the notations people use: '06-12345678', '1234 AB 5a', a name with a typo, words from contacts.
import {
  type GeneratorOptions,
  generateParty,
  partyKind,
} from '../../server/src/modules/demo/demo.generate.ts';
import { seededRandom } from '../../server/src/modules/demo/random.ts';

const textQueries = [
  'lantaarnpaal',
  'traplift woning',
  'kwijtschelding bijstandsuitkering',
  'container geleegd',
  'paspoort gestolen vakantie',
  'dakkapel',
  'scootmobiel kapot',
  'matras ophalen',
  'zwerfafval glasbak',
  'raadsvergadering',
  'taxatieverslag',
  'heupoperatie huishouden',
  'stoeptegels gestruikeld',
  'buurtfeest afsluiten',
  'betalingsachterstanden',
];

/** A typing error in a name: a letter dropped or doubled, accents left out. */
function typo(name: string, k: number): string {
  const plain = name.normalize('NFD').replace(/\p{M}/gu, '');
  const at = 1 + (k % Math.max(1, plain.length - 2));
  return k % 2 ? plain.slice(0, at) + plain.slice(at + 1) : plain.slice(0, at) + plain[at] + plain.slice(at);
}

function dutchPhone(e164: string): string {
  const national = `0${e164.slice(3)}`;
  return national.startsWith('06')
    ? `06-${national.slice(2)}`
    : `${national.slice(0, 4)}-${national.slice(4)}`;
}

export function searchInputs(o: GeneratorOptions, n: number): Record<string, string[]> {
  const rng = seededRandom(12345);
  /** A random person, optionally one that has a digital address of this kind. */
  const person = (needs?: 'phone' | 'email') => {
    for (;;) {
      const i = rng.int(2, o.parties - 1);
      if (partyKind(i) !== 'person') continue;
      const p = generateParty(o, i);
      if (!needs || p.digitalAddresses.some((d) => d.kind === needs)) return p;
    }
  };
  const organisation = () => generateParty(o, 40 * rng.int(0, Math.max(0, Math.floor((o.parties - 1) / 40))));
  const out: Record<string, string[]> = {
    bsn: [],
    kvk: [],
    postcode: [],
    phone: [],
    email: [],
    name: [],
    text: [],
  };
  for (let k = 0; k < n; k++) {
    const p = person();
    out.bsn?.push(p.identifiers.find((i) => i.type === 'bsn')?.value ?? '');
    out.kvk?.push(organisation().identifiers.find((i) => i.type === 'kvk_nummer')?.value ?? '');
    const a = p.addresses[0];
    if (a)
      out.postcode?.push(
        `${a.postcode.slice(0, 4)} ${a.postcode.slice(4)} ${a.house_number}${a.house_letter ?? ''}`,
      );
    const phone = person('phone').digitalAddresses.find((d) => d.kind === 'phone')?.value as string;
    out.phone?.push(dutchPhone(phone));
    out.email?.push(
      (person('email').digitalAddresses.find((d) => d.kind === 'email')?.value ?? '').toUpperCase(),
    );
    out.name?.push(`${p.party.given_names?.split(' ')[0]} ${typo(p.party.surname ?? '', k)}`);
    out.text?.push(textQueries[k % textQueries.length] as string);
  }
  return out;
}
