// Routing: which team's queue does an inbound message go to? Rules are data (routing_rules), checked
// in order; the first active rule that matches wins; nothing matches → the KCC team.
// Channel adapters call routeInbound → registerContact(teamId) → enqueueContact in one transaction,
// and announceQueued after commit.
import type { Db } from '../../db/connect.ts';
import { AppError } from '../../platform/errors.ts';
import type { Realtime } from '../../platform/realtime.ts';
import { getTeams, type TeamSummary } from '../access/access.service.ts';
import { getParties } from '../parties/parties.service.ts';
import * as repo from './routing.repo.ts';
import { type MatchFacts, messageConditionsHold, needsParty, partyConditionsHold } from './rule-match.ts';

export type InboundMessage = {
  channel: string; // 'email' | 'whatsapp' | 'sms' | 'phone' | 'webform' | 'webchat' | …
  /** Where it was sent: mail alias, WhatsApp number, form id. */
  address?: string | null;
  reasonCode?: string | null;
  subject?: string | null;
  body?: string | null;
  /** The matched party, for rules on party properties. */
  partyId?: string | null;
};

export type RouteDecision = { teamId: string; teamCode: string; ruleId: string | null };

/** The team every unmatched message goes to. */
export const fallbackTeamCode = 'kcc';

function fallback(teams: TeamSummary[]): RouteDecision {
  const team = teams.find((t) => t.code === fallbackTeamCode);
  if (!team)
    throw new AppError(
      'unprocessable',
      `Er is geen team met code '${fallbackTeamCode}' voor berichten die geen routeringsregel raakt.`,
    );
  return { teamId: team.id, teamCode: team.code, ruleId: null };
}

async function partyFacts(db: Db, partyId: string | null | undefined): Promise<MatchFacts['party']> {
  if (!partyId) return null;
  const [party] = await getParties(db, [partyId]);
  if (!party) return null;
  return {
    kind: party.kind,
    hasKvkNummer: party.identifiers.some((i) => i.type === 'kvk_nummer'),
    postcodes: party.addresses.flatMap((a) => (a.postcode ? [a.postcode] : [])),
  };
}

/** Where would this message go? A pure read; used by adapters and by the admin "test a message" screen. */
// Reading 50 rules costs PGlite several ms (rows through the wire format); a digest of the table is one
// row. Parsed rules are kept per digest, so a change anywhere (any node, any transaction) is seen at once.
const parsedRules = new Map<string, repo.RuleRow[]>();

async function activeRules(db: Db): Promise<repo.RuleRow[]> {
  const digest = await repo.rulesDigest(db);
  let rules = parsedRules.get(digest);
  if (!rules) {
    rules = await repo.listRules(db, true);
    if (parsedRules.size >= 16) parsedRules.clear();
    parsedRules.set(digest, rules);
  }
  return rules;
}

export async function routeInbound(db: Db, message: InboundMessage): Promise<RouteDecision> {
  return (await routeInboundAll(db, [message]))[0] as RouteDecision;
}

/** routeInbound for a batch of messages: the rules and teams are read once for all of them. */
export async function routeInboundAll(db: Db, messages: InboundMessage[]): Promise<RouteDecision[]> {
  // Two small reads (rules digest, teams), plus a party's details only when a party rule is reached.
  const [rules, teams] = await Promise.all([activeRules(db), getTeams(db)]);
  const decisions: RouteDecision[] = [];
  for (const message of messages) decisions.push(await decide(db, rules, teams, message));
  return decisions;
}

async function decide(
  db: Db,
  rules: repo.RuleRow[],
  teams: TeamSummary[],
  message: InboundMessage,
): Promise<RouteDecision> {
  let party: MatchFacts['party'] | undefined;
  const facts: MatchFacts = {
    channel: message.channel,
    address: message.address ?? null,
    reasonCode: message.reasonCode ?? null,
    subject: message.subject ?? '',
    body: message.body ?? '',
    party: null,
  };
  for (const rule of rules) {
    if (!messageConditionsHold(rule.conditions, facts)) continue;
    if (needsParty(rule.conditions) && party === undefined) party = await partyFacts(db, message.partyId);
    if (partyConditionsHold(rule.conditions, party ?? null)) {
      const team = teams.find((t) => t.id === rule.team_id);
      if (team) return { teamId: team.id, teamCode: team.code, ruleId: rule.id };
    }
  }
  return fallback(teams);
}

/** Put a stored inbound contact in its team's queue, in the caller's transaction. Idempotent per contact. */
export async function enqueueContact(
  db: Db,
  contactId: string,
  decision: RouteDecision,
  now: Date,
): Promise<void> {
  await repo.insertQueueItem(db, {
    contactId,
    teamId: decision.teamId,
    ruleId: decision.ruleId,
    at: now,
  });
}

/** enqueueContact for a batch, in one statement, in the caller's transaction. */
export async function enqueueContacts(
  db: Db,
  items: { contactId: string; decision: RouteDecision }[],
  now: Date,
): Promise<void> {
  await repo.insertQueueItems(
    db,
    items.map((i) => ({
      contactId: i.contactId,
      teamId: i.decision.teamId,
      ruleId: i.decision.ruleId,
      at: now,
    })),
  );
}

/** After commit: tell the team's open screens (topic `team:<teamId>`, type 'queue.added'). */
export function announceQueued(realtime: Realtime, decision: RouteDecision, contactId: string): void {
  realtime.publish(`team:${decision.teamId}`, {
    type: 'queue.added',
    data: { teamId: decision.teamId, teamCode: decision.teamCode, contactId },
  });
}
