// The demo municipality's routing: a few rules of each kind and some messages waiting in the team
// queues, delivered the way a channel adapter delivers them (route → register → enqueue).
import type { Db } from '../../db/connect.ts';
import { findTeam } from '../access/access.service.ts';
import { registerContact } from '../contacts/contacts.service.ts';
import * as repo from './routing.repo.ts';
import { enqueueContact, routeInbound } from './routing.service.ts';
import type { RuleConditions } from './routing.tables.ts';

export const demoRules: { name: string; team: string; conditions: RuleConditions }[] = [
  {
    name: 'Mailbox Belastingen',
    team: 'belastingen',
    conditions: { channels: ['email'], addresses: ['belastingen@gemeente-voorbeeld.nl'] },
  },
  {
    name: 'Reisdocumenten en verhuizen',
    team: 'burgerzaken',
    conditions: { reasonCodes: ['paspoort', 'rijbewijs', 'verhuizing', 'uittreksel'] },
  },
  {
    name: 'WOZ en aanslag',
    team: 'belastingen',
    conditions: { keywords: ['woz', 'aanslag', 'belastingaanslag'] },
  },
  {
    name: 'Afval en straat',
    team: 'openbare-ruimte',
    conditions: {
      keywords: ['afval', 'grofvuil', 'container', 'kliko', 'lantaarnpaal', 'straatverlichting'],
    },
  },
  {
    name: 'Uitkering en schulden',
    team: 'werk-inkomen',
    conditions: { keywords: ['bijstand', 'uitkering', 'schuldhulp'] },
  },
  {
    name: 'Ondernemers',
    team: 'vergunningen',
    conditions: { hasKvkNummer: true, channels: ['email', 'webform'] },
  },
];

const demoMessages = [
  {
    channel: 'email',
    address: 'belastingen@gemeente-voorbeeld.nl',
    subject: 'Bezwaar WOZ-waarde 2026',
    minutes: 220,
  },
  {
    channel: 'whatsapp',
    address: '+31612000000',
    subject: 'De container in de Lindelaan is niet geleegd',
    minutes: 185,
  },
  {
    channel: 'email',
    address: 'info@gemeente-voorbeeld.nl',
    subject: 'Klacht over de wachttijd aan de telefoon',
    minutes: 150,
  },
  { channel: 'webform', address: 'contactformulier', subject: 'Vraag over mijn uitkering', minutes: 95 },
  { channel: 'sms', address: '+31612000000', subject: 'Is het gemeentehuis op zaterdag open?', minutes: 40 },
  {
    channel: 'email',
    address: 'info@gemeente-voorbeeld.nl',
    subject: 'Vraag over de kermis in september',
    minutes: 12,
  },
];

export async function seedDemoRouting(trx: Db, now: Date) {
  if ((await repo.listRules(trx)).length > 0) return;
  for (const r of demoRules) {
    const team = await findTeam(trx, r.team);
    if (team)
      await repo.insertRule(
        trx,
        { name: r.name, active: true, team_id: team.id, conditions: r.conditions },
        now,
      );
  }
  for (const m of demoMessages) {
    const at = new Date(now.getTime() - m.minutes * 60_000);
    const decision = await routeInbound(trx, {
      channel: m.channel,
      address: m.address,
      subject: m.subject,
      body: m.subject,
    });
    const contact = await registerContact(trx, {
      channel: m.channel,
      direction: 'in',
      subject: m.subject,
      content: m.subject,
      occurredAt: at,
      teamId: decision.teamId,
    });
    await enqueueContact(trx, contact.id, decision, at);
  }
}
