// Conversations across channels. A thread groups contacts that continue one another, whatever the
// channel: a reply by e-mail, the callback after a chat, the phone call after the callback. Channel
// adapters find the thread (by a reference in a subject, by mail headers they keep themselves, or by
// the contact being answered) and pass its id to registerContact.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { notFound, unprocessable } from '../../platform/errors.ts';
import * as repo from './threads.repo.ts';

export type ThreadRef = { id: string; reference: string };

/** The reference format: LK- and the number of the contact that started the conversation. */
const referencePattern = /\bLK-(\d{1,12})\b/;

/** The first thread reference in a text (a mail subject, a chat message), or null. */
export function referenceIn(text: string): string | null {
  const m = referencePattern.exec(text);
  return m ? `LK-${m[1]}` : null;
}

/**
 * The thread a contact belongs to. A contact without one gets it now, named after the contact, so a
 * reply always lands in the same conversation. Run inside the caller's transaction: the contact row
 * is locked, so two replies at once make one thread.
 */
export async function threadOfContact(db: Db, contactId: string, now: Date): Promise<ThreadRef> {
  return (await threadsOfContacts(db, [contactId], now)).get(contactId) as ThreadRef;
}

/**
 * threadOfContact for many contacts at once (a batch of inbound messages, each answering an earlier
 * contact): a few statements for the whole batch instead of a few per contact. Thread per contact id;
 * the contact rows are locked in id order, so two batches wait for each other instead of deadlocking.
 */
export async function threadsOfContacts(
  db: Db,
  contactIds: string[],
  now: Date,
): Promise<Map<string, ThreadRef>> {
  const ids = [...new Set(contactIds)];
  if (ids.length === 0) return new Map();
  const contacts = await repo.lockContactThreads(db, ids);
  if (contacts.length !== ids.length) throw notFound('Contact');
  const known = await threadRefs(
    db,
    contacts.flatMap((c) => (c.thread_id ? [c.thread_id] : [])),
  );
  const result = new Map<string, ThreadRef>();
  const created: { contactId: string; thread: ThreadRef; subject: string }[] = [];
  for (const c of contacts) {
    const thread = c.thread_id ? known.get(c.thread_id) : undefined;
    if (thread) result.set(c.id, thread);
    else
      created.push({
        contactId: c.id,
        thread: { id: randomUUID(), reference: `LK-${c.number}` },
        subject: c.subject,
      });
  }
  await repo.insertThreads(
    db,
    created.map((c) => ({ ...c.thread, subject: c.subject, created_at: now, last_activity_at: now })),
  );
  await repo.setContactThreads(
    db,
    created.map((c) => ({ contactId: c.contactId, threadId: c.thread.id })),
  );
  for (const c of created) result.set(c.contactId, c.thread);
  return result;
}

export async function findThreadByReference(db: Db, reference: string): Promise<ThreadRef | null> {
  const [thread] = await repo.findThreads(db, { reference: reference.toUpperCase() });
  return thread ? { id: thread.id, reference: thread.reference } : null;
}

/** For registerContact: the thread must exist; it becomes active at the new contact's time. */
export async function joinThread(db: Db, threadId: string, at: Date): Promise<ThreadRef> {
  const [thread] = await joinThreads(db, new Map([[threadId, at]]));
  return thread as ThreadRef;
}

/** For registerContacts: every thread must exist; each becomes active at its contact's time. */
export async function joinThreads(db: Db, latest: Map<string, Date>): Promise<ThreadRef[]> {
  if (latest.size === 0) return [];
  const found = await repo.findThreads(db, { ids: [...latest.keys()] });
  if (found.length !== latest.size) throw unprocessable('threadId', 'Dit gesprek (thread) bestaat niet.');
  await repo.touchThreads(
    db,
    // In id order, like every batch: two batches touching the same threads wait instead of deadlocking.
    [...latest].map(([id, at]) => ({ id, at })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  );
  return found.map((t) => ({ id: t.id, reference: t.reference }));
}

export async function threadRefs(db: Db, ids: string[]): Promise<Map<string, ThreadRef>> {
  const rows = await repo.findThreads(db, { ids: [...new Set(ids)] });
  return new Map(rows.map((t) => [t.id, { id: t.id, reference: t.reference }]));
}

export type Thread = ThreadRef & {
  subject: string;
  createdAt: Date;
  lastActivityAt: Date;
  /** In the order they happened; confidential ones only when asked for. */
  contactIds: string[];
};

export async function getThread(db: Db, id: string, includeConfidential: boolean): Promise<Thread> {
  const [thread] = await repo.findThreads(db, { ids: [id] });
  if (!thread) throw notFound('Gesprek');
  return {
    id: thread.id,
    reference: thread.reference,
    subject: thread.subject,
    createdAt: thread.created_at,
    lastActivityAt: thread.last_activity_at,
    contactIds: await repo.threadContactIds(db, id, includeConfidential),
  };
}
