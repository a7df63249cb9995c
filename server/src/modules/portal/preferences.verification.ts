// Verifying a new e-mail address or phone number: a 6-digit code by e-mail (through the mail outbox)
// or by SMS (through the messaging channel's provider). The address is added, verified, only when
// the resident types the code back. Only a keyed hash of the code is stored; a code dies after 15
// minutes or 5 wrong tries, and a party may ask at most 5 codes an hour.
import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/app.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { defaultGenericProvider } from '../channels/messaging/providers.ts';
import { deliverDueMail, enqueueMails, relayTransport } from '../outbox/outbox.service.ts';
import { addDigitalAddress, isUuid, updateDigitalAddress } from '../parties/parties.service.ts';
import { normaliseEmail, normalisePhone } from '../parties/validation.ts';
import * as repo from './preferences.repo.ts';
import type { NewAddressInput, VerifyInput } from './preferences.schemas.ts';
import {
  inTransaction,
  loadPreferences,
  logChange,
  ownParty,
  type PortalAddress,
  type Resident,
  toPortalAddress,
} from './preferences.service.ts';

export const codeValidMs = 15 * 60_000;
export const maxAttempts = 5;
export const maxCodesPerHour = 5;

type Deps = Pick<AppContext, 'db' | 'config' | 'clock'>;

// The verification id is the key: the same code for another verification never matches its hash.
const hashCode = (id: string, code: string) => createHmac('sha256', id).update(code).digest('hex');

function sameHash(a: string, b: string) {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

const mailText = (code: string) =>
  [
    'Beste inwoner,',
    '',
    'U heeft in MijnGemeente dit e-mailadres toegevoegd. Vul deze code in om het te bevestigen:',
    '',
    `    ${code}`,
    '',
    'De code is 15 minuten geldig. Heeft u dit niet zelf gedaan? Dan kunt u deze e-mail negeren.',
    '',
    'Met vriendelijke groet,',
    'De gemeente',
  ].join('\n');

const smsText = (code: string) =>
  `Uw code voor MijnGemeente is ${code}. De code is 15 minuten geldig. Niet zelf aangevraagd? Negeer dit bericht.`;

/** The sender an SMS gateway shows (alphanumeric, at most 11 characters). */
const smsSender = 'Gemeente';

function normalise(input: NewAddressInput): string {
  const value = input.kind === 'email' ? normaliseEmail(input.value) : normalisePhone(input.value);
  if (!value)
    throw invalid(
      'value',
      input.kind === 'email'
        ? 'Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.'
        : 'Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678.',
    );
  return value;
}

export async function requestCode(
  deps: Deps,
  actor: Resident,
  input: NewAddressInput,
): Promise<{ verificationId: string; expiresAt: Date }> {
  const partyId = ownParty(actor);
  const value = normalise(input);
  const now = deps.clock.now();
  const sms = input.kind === 'phone' ? defaultGenericProvider(deps.config) : null;
  if (input.kind === 'phone' && !sms)
    throw new AppError(
      'unprocessable',
      'Wij kunnen op dit moment geen sms versturen. Voeg een e-mailadres toe of probeer het later opnieuw.',
      [{ name: 'kind', code: 'unavailable', reason: 'Sms is bij deze gemeente niet ingesteld.' }],
    );
  const id = randomUUID();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + codeValidMs);
  await inTransaction(deps.db, async (trx) => {
    // One request at a time per party, so the hourly limit holds under concurrent requests.
    await sql`select pg_advisory_xact_lock(hashtext(${`address-verification:${partyId}`}))`.execute(trx);
    const known = (await loadPreferences(trx, partyId)).digitalAddresses;
    if (known.some((a) => a.kind === input.kind && a.value === value && a.verifiedAt))
      throw new AppError('conflict', 'Dit adres staat al bevestigd bij uw gegevens.', [
        { name: 'value', code: 'unique', reason: 'Dit adres staat al bevestigd bij uw gegevens.' },
      ]);
    const recent = await repo.countVerificationsSince(trx, partyId, new Date(now.getTime() - 60 * 60_000));
    if (recent >= maxCodesPerHour)
      throw new AppError(
        'too_many_requests',
        `U heeft het afgelopen uur al ${maxCodesPerHour} codes aangevraagd. Probeer het over een uur opnieuw.`,
      );
    await repo.insertVerification(trx, {
      id,
      party_id: partyId,
      kind: input.kind,
      value,
      code_hash: hashCode(id, code),
      expires_at: expiresAt,
      created_at: now,
    });
    if (input.kind === 'email')
      await enqueueMails(
        trx,
        [
          {
            dedupeKey: `address-verification:${id}`,
            to: value,
            subject: 'Uw code voor MijnGemeente',
            text: mailText(code),
          },
        ],
        now,
      );
    await logChange(trx, actor, partyId, 'POST /mijn/digital-addresses', now);
  });
  if (sms) {
    // Sent after the commit (no connection held during the gateway call); when the gateway fails,
    // the code is taken back so it does not count towards the hourly limit.
    try {
      await sms.send({ id, channel: 'sms', from: smsSender, to: value, text: smsText(code), at: now });
    } catch {
      await repo.deleteVerification(deps.db, id);
      throw new AppError('bad_gateway', 'De sms kon niet worden verstuurd. Probeer het later opnieuw.');
    }
  } else {
    // Try the relay now rather than at the scheduler's next round; failures stay queued.
    const transport = relayTransport(deps.config.mail);
    if (transport) void deliverDueMail(deps.db, transport, deps.clock.now(), 20).catch(() => undefined);
  }
  return { verificationId: id, expiresAt };
}

/** A wrong code: 400 with how many tries are left (the routes add attemptsLeft to the problem). */
export class WrongCode extends AppError {
  readonly attemptsLeft: number;
  constructor(reason: string, attemptsLeft: number) {
    super('invalid', reason, [{ name: 'code', code: 'wrong_code', reason }]);
    this.attemptsLeft = attemptsLeft;
  }
}

type Outcome = { ok: true; address: PortalAddress } | { ok: false; error: AppError };

const dead = (reason: string) => new AppError('gone', reason, [{ name: 'code', code: 'expired', reason }]);

/** Wrong tries are counted in their own commit, so the count holds even though the answer is an error. */
export async function verifyCode(deps: Deps, actor: Resident, input: VerifyInput): Promise<PortalAddress> {
  const partyId = ownParty(actor);
  const now = deps.clock.now();
  const outcome = await inTransaction(deps.db, async (trx): Promise<Outcome> => {
    const v = isUuid(input.verificationId)
      ? await repo.selectVerificationForUpdate(trx, partyId, input.verificationId)
      : undefined;
    if (!v)
      return {
        ok: false,
        error: new AppError('not_found', 'Deze code is niet (meer) bekend. Vraag een nieuwe code aan.'),
      };
    if (v.verified_at) return { ok: false, error: dead('Deze code is al gebruikt.') };
    if (v.expires_at.getTime() <= now.getTime())
      return { ok: false, error: dead('Deze code is verlopen. Vraag een nieuwe code aan.') };
    if (v.attempts >= maxAttempts)
      return {
        ok: false,
        error: dead('U heeft te vaak een verkeerde code ingevuld. Vraag een nieuwe code aan.'),
      };
    if (!/^\d{6}$/.test(input.code) || !sameHash(v.code_hash, hashCode(v.id, input.code))) {
      const attempts = v.attempts + 1;
      await repo.updateVerification(trx, v.id, { attempts });
      const left = maxAttempts - attempts;
      if (left === 0)
        return {
          ok: false,
          error: dead(
            'De code klopt niet. U heeft 5 keer een verkeerde code ingevuld; vraag een nieuwe code aan.',
          ),
        };
      const reason = `De code klopt niet. U kunt het nog ${left} keer proberen.`;
      return { ok: false, error: new WrongCode(reason, left) };
    }
    await repo.updateVerification(trx, v.id, { verified_at: now });
    const current = (await loadPreferences(trx, partyId)).digitalAddresses;
    const kind = v.kind;
    const existing = current.find((a) => a.kind === kind && a.value === v.value);
    // The first verified address of its kind is the one messages go to.
    const isPreferred = !current.some((a) => a.kind === kind && a.isPreferred && a.verifiedAt);
    const verifiedAt = now.toISOString();
    const saved = existing
      ? await updateDigitalAddress(
          trx,
          partyId,
          existing.id,
          { verifiedAt, ...(isPreferred ? { isPreferred } : {}) },
          now,
        )
      : await addDigitalAddress(trx, partyId, { kind, value: v.value, verifiedAt, isPreferred }, now);
    await logChange(trx, actor, partyId, 'POST /mijn/digital-addresses/verify', now);
    return { ok: true, address: toPortalAddress(saved) };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.address;
}
