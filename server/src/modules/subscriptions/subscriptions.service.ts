// Subscriptions (MijnGemeente): residents and businesses follow topics (waste collection, road works
// in their postcode area, council decisions, one of their cases); employees publish an announcement
// to a topic and every subscriber gets it as a notification on their own channel. Publishing stores
// the announcement and queues the notifications in one transaction; delivery is the notifications
// module's (outbox with retries, exactly once by dedupe key).
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import type { Actor, ResidentActor } from '../../platform/actor.ts';
import { invalid, notFound, unprocessable } from '../../platform/errors.ts';
import { getEmployeeSummaries } from '../access/access.service.ts';
import type { CaseSummary } from '../cases/case-source.ts';
import { currentCaseSource, partyRefOf } from '../cases/cases.source.ts';
import { announcementDeliveries, fanOutAnnouncement } from '../notifications/notifications.fanout.ts';
import { getParty } from '../parties/parties.service.ts';
import { logRead } from '../processing-log/processing-log.service.ts';
import * as repo from './subscriptions.repo.ts';
import type { AnnouncementInput, SubscribeInput } from './subscriptions.schemas.ts';

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const isUuid = new RegExp(`^${uuid}$`, 'i');
const uuidAtEnd = new RegExp(`(${uuid})/?$`, 'i');
const postcodeAreaPattern = /^[1-9][0-9]{3}$/;

/** The uuid a subscription keeps of a case: Loket's id, or the uuid that ends a ZGW zaak URL. */
const caseUuid = (c: Pick<CaseSummary, 'id'>): string | null =>
  uuidAtEnd.exec(c.id)?.[1]?.toLowerCase() ?? null;

export type TopicView = {
  code: string;
  name: string;
  description: string;
  scope: repo.TopicRow['scope'];
};

const toTopic = (t: repo.TopicRow): TopicView => ({
  code: t.code,
  name: t.name,
  description: t.description,
  scope: t.scope,
});

export type SubscriptionView = {
  id: string;
  topic: TopicView;
  postcodeArea: string | null;
  case: { id: string; identification: string; subject: string } | null;
  createdAt: Date;
};

/** A topic that exists and is active, else 400 naming the field. */
async function activeTopic(db: Db, code: string): Promise<repo.TopicRow> {
  const topic = await repo.findTopic(db, code);
  if (!topic?.active) throw invalid('topic', 'Dit onderwerp bestaat niet (meer). Kies een ander onderwerp.');
  return topic;
}

/** The area for a postcode topic ('1234', also from '1234 AB'); null for other topics, which take none. */
function areaFor(topic: repo.TopicRow, given: string | undefined): string | null {
  const value = given?.trim() ?? '';
  if (topic.scope !== 'postcode_area') {
    if (value)
      throw invalid('postcodeArea', 'Dit onderwerp geldt voor de hele gemeente; vul geen postcodegebied in.');
    return null;
  }
  const area = value.replace(/\s+[a-z]{2}$/i, '');
  if (!postcodeAreaPattern.test(area))
    throw invalid('postcodeArea', 'Vul de vier cijfers van een postcode in, bijvoorbeeld 1234.');
  return area;
}

function caseRefFor(topic: repo.TopicRow, given: string | undefined): string | null {
  const value = given?.trim() ?? '';
  if (topic.scope !== 'case') {
    if (value) throw invalid('caseId', 'Dit onderwerp gaat niet over één zaak; kies geen zaak.');
    return null;
  }
  if (!value) throw invalid('caseId', 'Kies de zaak die u wilt volgen.');
  return value;
}

const matchesCase = (c: CaseSummary, ref: string) =>
  c.identification === ref || c.id === ref || caseUuid(c) === ref.toLowerCase();

async function ownCases(db: Db, actor: ResidentActor): Promise<CaseSummary[]> {
  if (actor.partyIds.length === 0) return [];
  return currentCaseSource().casesOfParty(db, await partyRefOf(db, actor.partyIds));
}

const read = (db: Db, actor: ResidentActor, endpoint: string, at: Date) =>
  logRead(db, actor.partyIds, { actor, endpoint, at, purpose: 'inzage door betrokkene' });

/** Active topics, and the resident's own postcode area to suggest for area topics. */
export async function topicsForResident(db: Db, actor: ResidentActor) {
  const items = (await repo.listTopics(db, true)).map(toTopic);
  const partyId = actor.partyIds[0];
  const party = partyId ? await getParty(db, partyId).catch(() => null) : null;
  const postcode = party?.addresses.find((a) => a.postcode)?.postcode ?? null;
  return { items, ownPostcodeArea: postcode?.slice(0, 4) ?? null };
}

export async function subscriptionsOfResident(db: Db, actor: ResidentActor, now: Date) {
  if (actor.partyIds.length === 0) return [];
  const rows = await repo.subscriptionsOf(db, actor.partyIds);
  if (rows.length === 0) return [];
  const topics = new Map((await repo.listTopics(db, false)).map((t) => [t.code, t]));
  const cases = rows.some((r) => r.case_id) ? await ownCases(db, actor) : [];
  await read(db, actor, 'GET /mijn/subscriptions', now);
  return rows.map((r) => toView(r, topics, cases));
}

function toView(
  r: repo.SubscriptionRow,
  topics: Map<string, repo.TopicRow>,
  cases: CaseSummary[],
): SubscriptionView {
  const topic = topics.get(r.topic_code);
  const c = r.case_id ? cases.find((x) => caseUuid(x) === r.case_id) : undefined;
  return {
    id: r.id,
    topic: topic
      ? toTopic(topic)
      : { code: r.topic_code, name: r.topic_code, description: '', scope: 'general' },
    postcodeArea: r.postcode_area,
    case: c ? { id: r.case_id ?? '', identification: c.identification, subject: c.subject } : null,
    createdAt: r.created_at,
  };
}

/** Follows a topic; following it again answers the subscription there already is (created: false). */
export async function subscribe(db: Db, actor: ResidentActor, input: SubscribeInput, now: Date) {
  const partyId = actor.partyIds[0];
  if (!partyId)
    throw unprocessable('topic', 'Wij kennen u nog niet in ons klantbeeld; u kunt zich nog niet abonneren.');
  const topic = await activeTopic(db, input.topic);
  const postcodeArea = areaFor(topic, input.postcodeArea);
  const caseRef = caseRefFor(topic, input.caseId);
  let cases: CaseSummary[] = [];
  let caseId: string | null = null;
  if (caseRef) {
    cases = await ownCases(db, actor);
    const own = cases.find((c) => matchesCase(c, caseRef));
    caseId = own ? caseUuid(own) : null;
    // Someone else's case looks exactly like one that does not exist.
    if (!caseId) throw invalid('caseId', 'Deze zaak staat niet bij uw zaken.');
  }
  const { row, created } = await repo.insertSubscription(db, {
    id: randomUUID(),
    party_id: partyId,
    topic_code: topic.code,
    postcode_area: postcodeArea,
    case_id: caseId,
    created_at: now,
  });
  return { subscription: toView(row, new Map([[topic.code, topic]]), cases), created };
}

export async function unsubscribe(db: Db, actor: ResidentActor, id: string) {
  if (
    !isUuid.test(id) ||
    actor.partyIds.length === 0 ||
    !(await repo.deleteSubscription(db, id, actor.partyIds))
  )
    throw notFound('Abonnement');
}

/** Every topic with how many parties follow it (the werkplek's publish screen). */
export async function topicsWithSubscribers(db: Db) {
  const counts = new Map((await repo.subscriberCounts(db)).map((c) => [c.topic_code, c.subscribers]));
  return (await repo.listTopics(db, false)).map((t) => ({
    ...toTopic(t),
    active: t.active,
    subscribers: counts.get(t.code) ?? 0,
  }));
}

/** The case an employee names (identification, Loket id or ZGW URL) as the uuid subscriptions keep. */
async function caseOfAnnouncement(db: Db, ref: string): Promise<string> {
  const c = await currentCaseSource()
    .getCase(db, ref)
    .catch(() => null);
  const id = c ? caseUuid(c) : null;
  if (!id) throw invalid('caseId', 'Deze zaak bestaat niet.');
  return id;
}

export type PublishResult = { id: string; recipients: number; created: boolean };

/**
 * Stores the announcement and queues it for every subscriber in one transaction: either all
 * subscribers get it or nobody does. With a request key, a retried publish answers the first one.
 */
export async function publishAnnouncement(
  db: Db,
  actor: Actor,
  input: AnnouncementInput,
  requestKey: string | null,
  now: Date,
): Promise<PublishResult> {
  const topic = await activeTopic(db, input.topic);
  const postcodeArea = areaFor(topic, input.postcodeArea);
  const caseRef = caseRefFor(topic, input.caseId);
  const caseId = caseRef ? await caseOfAnnouncement(db, caseRef) : null;
  const key = requestKey ? `${actor.kind}:${actor.id}:${requestKey}` : null;
  return db.transaction().execute(async (trx) => {
    const earlier = key ? await repo.findAnnouncementByKey(trx, key) : undefined;
    if (earlier) return { id: earlier.id, recipients: earlier.recipients, created: false };
    const id = randomUUID();
    const stored = await repo.insertAnnouncement(trx, {
      id,
      topic_code: topic.code,
      postcode_area: postcodeArea,
      case_id: caseId,
      title: input.title,
      body: input.body,
      published_by: actor.kind === 'employee' ? actor.id : null,
      published_at: now,
      recipients: 0,
      request_key: key,
    });
    if (!stored) {
      // A concurrent retry with the same key committed first.
      const first = key ? await repo.findAnnouncementByKey(trx, key) : undefined;
      if (first) return { id: first.id, recipients: first.recipients, created: false };
    }
    const queued = await fanOutAnnouncement(
      trx,
      { announcementId: id, topic: topic.code, postcodeArea, caseId, title: input.title, body: input.body },
      now,
    );
    const { recipients } = await repo.setRecipients(trx, id, queued);
    return { id, recipients, created: true };
  });
}

/** Published announcements, newest first, with who published them and how far delivery got. */
export async function listAnnouncements(db: Db, limit: number) {
  const rows = await repo.listAnnouncements(db, limit);
  const ids = rows.map((r) => r.id);
  const [people, deliveries] = await Promise.all([
    getEmployeeSummaries(
      db,
      rows.flatMap((r) => (r.published_by ? [r.published_by] : [])),
    ),
    announcementDeliveries(db, ids),
  ]);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const delivered = new Map(deliveries.map((d) => [d.announcementId, d]));
  return rows.map((r) => ({
    id: r.id,
    topic: { code: r.topic_code, name: r.topic_name },
    postcodeArea: r.postcode_area,
    caseId: r.case_id,
    title: r.title,
    body: r.body,
    publishedAt: r.published_at,
    publishedBy: r.published_by ? (names.get(r.published_by) ?? null) : null,
    recipients: r.recipients,
    delivery: {
      queued: delivered.get(r.id)?.queued ?? 0,
      sent: delivered.get(r.id)?.sent ?? 0,
      failed: delivered.get(r.id)?.dead ?? 0,
    },
  }));
}
