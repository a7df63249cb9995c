// Web forms: a submitted form becomes one inbound contact (channel webform) with a readable summary,
// the party from the login (DigiD BSN or eHerkenning KvK-nummer) when Loket knows it, its attachments,
// routed to a team queue. Idempotent per submission reference.
import type { Db } from '../../../db/connect.ts';
import type { Actor } from '../../../platform/actor.ts';
import type { AppContext } from '../../../platform/app.ts';
import { invalid } from '../../../platform/errors.ts';
import { addAttachment } from '../../contacts/attachments.service.ts';
import { parseInput } from '../../contacts/contacts.schemas.ts';
import { getContact, inTransaction, registerContact } from '../../contacts/contacts.service.ts';
import { findPartyIdByIdentifier, getParties } from '../../parties/parties.service.ts';
import { isValidBsn, isValidKvkNummer, normaliseIdentifier } from '../../parties/validation.ts';
import { announceQueued, enqueueContact, routeInbound } from '../../routing/routing.service.ts';
import * as repo from './webforms.repo.ts';
import { type FormSubmission, formSubmission, type SubmissionResponse } from './webforms.schemas.ts';

const loginLabel = { bsn: 'DigiD', kvk: 'eHerkenning' } as const;

const when = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  dateStyle: 'long',
  timeStyle: 'short',
});

type FieldValue = FormSubmission['fields'][number]['value'];

function spoken(value: FieldValue): string {
  if (value === null || value === '') return '(niet ingevuld)';
  if (value === true) return 'ja';
  if (value === false) return 'nee';
  if (Array.isArray(value)) return value.length ? value.map((v) => spoken(v)).join(', ') : '(niet ingevuld)';
  if (typeof value === 'object') {
    const parts = Object.entries(value).filter(([, v]) => v !== null && v !== '');
    return parts.length ? parts.map(([k, v]) => `${k}: ${spoken(v)}`).join(', ') : '(niet ingevuld)';
  }
  return String(value).trim();
}

/** What an employee reads in the timeline: the form, the login and every field as 'label: value'. */
export function summarise(s: FormSubmission, partyKnown: boolean): string {
  const lines = [
    `E-formulier "${s.formName}" (referentie ${s.reference}), ingediend op ${when.format(new Date(s.submittedAt))}.`,
  ];
  if (s.auth) {
    const who = loginLabel[s.auth.attribute];
    lines.push(
      partyKnown
        ? `Ingelogd met ${who}.`
        : `Ingelogd met ${who}; de ${s.auth.attribute === 'bsn' ? 'BSN' : 'KvK-nummer'} is niet bekend in Loket.`,
    );
  } else {
    lines.push('Niet ingelogd ingediend.');
  }
  lines.push('');
  for (const f of s.fields) {
    const value = spoken(f.value);
    lines.push(value.includes('\n') ? `${f.label}:\n${value}` : `${f.label}: ${value}`);
  }
  if (s.attachments?.length) lines.push('', `Bijlagen: ${s.attachments.map((a) => a.filename).join(', ')}`);
  return lines.join('\n');
}

function checkIdentity(auth: FormSubmission['auth']): { type: 'bsn' | 'kvk_nummer'; value: string } | null {
  if (!auth) return null;
  const value = normaliseIdentifier(auth.value);
  if (auth.attribute === 'bsn') {
    if (!isValidBsn(value))
      throw invalid('auth.value', 'Dit BSN is ongeldig (9 cijfers die de elfproef doorstaan).');
    return { type: 'bsn', value };
  }
  if (!isValidKvkNummer(value)) throw invalid('auth.value', 'Dit KvK-nummer is ongeldig (8 cijfers).');
  return { type: 'kvk_nummer', value };
}

function decode(attachments: FormSubmission['attachments']) {
  return (attachments ?? []).map((a, i) => {
    const clean = a.data.replace(/[\r\n]/g, '');
    if (clean.length % 4 !== 0) throw invalid(`attachments.${i}.data`, 'Gebruik base64.');
    return { filename: a.filename, contentType: a.contentType, data: Buffer.from(clean, 'base64') };
  });
}

/** The party that holds the identifier, followed to the party it was merged into; null when none is active. */
async function partyFor(
  db: Db,
  id: { type: 'bsn' | 'kvk_nummer'; value: string } | null,
): Promise<string | null> {
  if (!id) return null;
  const found = await findPartyIdByIdentifier(db, id.type, id.value);
  if (!found) return null;
  const [party] = await getParties(db, [found]);
  const survivorId = party?.mergedInto ?? party?.id;
  if (!survivorId) return null;
  const [survivor] = survivorId === party?.id ? [party] : await getParties(db, [survivorId]);
  return survivor?.active ? survivor.id : null;
}

async function response(db: Db, reference: string, contactId: string): Promise<SubmissionResponse> {
  const contact = await getContact(db, contactId);
  return {
    contactId,
    contactNumber: contact.number,
    reference,
    partyLinked: contact.parties.some((p) => !!p.partyId),
  };
}

/** created false: this reference was received before; the answer names the first contact. */
export async function receiveSubmission(
  ctx: AppContext,
  input: unknown,
  actor: Actor,
): Promise<{ created: boolean; submission: SubmissionResponse }> {
  const s = parseInput(formSubmission, input);
  const identity = checkIdentity(s.auth);
  const files = decode(s.attachments);
  const now = ctx.clock.now();
  const submittedAt = new Date(s.submittedAt);
  if (submittedAt.getTime() > now.getTime() + 5 * 60_000) {
    throw invalid('submittedAt', 'Het tijdstip van indienen ligt in de toekomst.');
  }

  let announce: (() => void) | null = null;
  const result = await inTransaction(ctx.db, async (trx) => {
    const fresh = await repo.claimReference(trx, {
      reference: s.reference,
      form_id: s.formId,
      auth_attribute: s.auth?.attribute ?? null,
      auth_value: identity?.value ?? null,
      submitted_at: submittedAt,
      received_at: now,
    });
    if (!fresh) {
      const first = await repo.findSubmission(trx, s.reference);
      if (!first?.contact_id) throw new Error('submission without contact');
      return { created: false, submission: await response(trx, s.reference, first.contact_id) };
    }
    const partyId = await partyFor(trx, identity);
    const content = summarise(s, !!partyId);
    const decision = await routeInbound(trx, {
      channel: 'webform',
      address: s.formId,
      subject: s.formName,
      body: content,
      partyId,
    });
    const contact = await registerContact(
      trx,
      {
        channel: 'webform',
        direction: 'in',
        subject: s.formName.slice(0, 300),
        content,
        occurredAt: s.submittedAt,
        teamId: decision.teamId,
        // Anonymous unless the login names a party Loket has: never a guess by name or e-mail.
        parties: [
          {
            partyId,
            role: 'klant',
            initiator: true,
            ...(s.auth && !partyId
              ? { details: { ingelogdMet: loginLabel[s.auth.attribute], partijBekend: false } }
              : {}),
          },
        ],
        subjects: [{ kind: 'other', reference: s.reference, register: 'e-formulier' }],
      },
      actor,
      ctx.clock,
    );
    for (const file of files) {
      await addAttachment(trx, contact.id, file, { limit: ctx.config.attachmentLimit, now });
    }
    await enqueueContact(trx, contact.id, decision, now);
    await repo.setContact(trx, s.reference, contact.id);
    announce = () => announceQueued(ctx.realtime, decision, contact.id);
    return { created: true, submission: await response(trx, s.reference, contact.id) };
  });
  (announce as (() => void) | null)?.();
  return result;
}
