// KTO after a phone or counter contact: the employee sends the resident a one-time link by e-mail;
// the resident gives a 1–5 score and an optional comment on a plain page, stored with the contact.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { getContact, inTransaction } from '../contacts/contacts.service.ts';
import { enqueueMails } from '../outbox/outbox.service.ts';
import { getParties } from '../parties/parties.service.ts';
import { normaliseEmail } from '../parties/validation.ts';
import * as chatRepo from './chat.repo.ts';
import * as repo from './satisfaction.repo.ts';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
/** How long a survey link can be answered. */
const validForMs = 14 * 24 * 60 * 60_000;

/**
 * Queue the survey mail for a contact, to the given address or else the party's preferred e-mail
 * address. Returns where it went (the address is the employee's to see; it is not logged).
 */
export async function requestSurvey(
  db: Db,
  input: { contactId: string; address?: string; publicUrl: string; now: Date },
) {
  const contact = await getContact(db, input.contactId);
  let to = input.address ? normaliseEmail(input.address) : null;
  if (input.address && !to) throw invalid('address', 'Ongeldig e-mailadres.');
  if (!to) {
    const partyIds = contact.parties.map((p) => p.partyId).filter((p): p is string => !!p);
    const parties = partyIds.length ? await getParties(db, partyIds) : [];
    const emails = parties.flatMap((p) => p.digitalAddresses.filter((a) => a.kind === 'email'));
    to = (emails.find((a) => a.isPreferred) ?? emails[0])?.value ?? null;
  }
  if (!to) throw invalid('address', 'Van deze inwoner is geen e-mailadres bekend; vul er een in.');
  const token = randomBytes(24).toString('base64url');
  const link = `${input.publicUrl}/kto/${token}`;
  await inTransaction(db, async (trx) => {
    await repo.insertRequest(trx, {
      token_hash: hash(token),
      contact_id: contact.id,
      channel: contact.channel,
      created_at: input.now,
    });
    await enqueueMails(
      trx,
      [
        {
          dedupeKey: `kto:${hash(token)}`,
          to,
          subject: 'Hoe tevreden bent u over uw contact met de gemeente?',
          text: `Beste inwoner,\n\nU had contact met Gemeente Voorbeeld over "${contact.subject}". Wilt u ons laten weten hoe tevreden u daarover bent? Het kost een halve minuut:\n\n${link}\n\nDe link werkt één keer en blijft 14 dagen geldig.\n\nMet vriendelijke groet,\nGemeente Voorbeeld`,
        },
      ],
      input.now,
    );
  });
  return { sentTo: to };
}

/** The open survey behind a link, or a Dutch reason why it cannot be answered. */
export async function surveyFor(db: Db, token: string, now: Date) {
  const request = await repo.findRequest(db, hash(token));
  if (!request) throw notFound('Enquête');
  if (request.used_at) throw conflict('Deze enquête is al ingevuld. Dank u wel!');
  if (now.getTime() - request.created_at.getTime() > validForMs) throw conflict('Deze link is verlopen.');
  return request;
}

export async function answerSurvey(
  db: Db,
  token: string,
  answer: { score: number; comment?: string | null },
  now: Date,
) {
  if (!Number.isInteger(answer.score) || answer.score < 1 || answer.score > 5) {
    throw invalid('score', 'Kies een cijfer van 1 tot en met 5.');
  }
  const request = await surveyFor(db, token, now);
  await inTransaction(db, async (trx) => {
    if (!(await repo.useRequest(trx, hash(token), now)))
      throw conflict('Deze enquête is al ingevuld. Dank u wel!');
    await chatRepo.insertScore(trx, {
      id: randomUUID(),
      contact_id: request.contact_id,
      conversation_id: null,
      channel: request.channel,
      score: answer.score,
      comment: answer.comment?.trim().slice(0, 2000) || null,
      created_at: now,
    });
  });
}
