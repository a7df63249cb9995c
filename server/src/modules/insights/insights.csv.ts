// CSV for spreadsheets and BI tooling: semicolon-separated, UTF-8 with a byte-order mark (so Excel
// reads the accents), decimal comma, and formula-injection safe: a text cell that starts with
// = + - @ tab or carriage return gets a leading apostrophe so no spreadsheet runs it as a formula.
import type { Dashboard } from './insights.schemas.ts';

export const bom = '\uFEFF';

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).replace('.', ',') : '';
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLines(rows: (string | number | boolean | null | undefined)[][]): string {
  return `${bom}${rows.map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

const r4 = (n: number | null) => (n === null ? null : Math.round(n * 10_000) / 10_000);

/** The dashboard as one tidy table: one figure per row. */
export function dashboardCsv(d: Dashboard): string {
  const head = ['van', 'tot', 'team', 'kanaal', 'onderdeel', 'omschrijving', 'code', 'maat', 'waarde'];
  const base = [
    d.period.from,
    d.period.to,
    d.filters.team?.label ?? 'alle',
    d.filters.channel?.code ?? 'alle',
  ];
  const rows: (string | number | null)[][] = [head];
  const add = (part: string, label: string, code: string | null, measure: string, value: number | null) =>
    rows.push([...base, part, label, code, measure, value]);
  const t = d.totals;
  add('totaal', 'Contacten', null, 'aantal', t.contacts);
  add('totaal', 'Contacten vorige periode', null, 'aantal', t.previousContacts);
  add('totaal', 'Inkomend', null, 'aantal', t.inbound);
  add('totaal', 'Uitgaand', null, 'aantal', t.outbound);
  add('totaal', 'Eerstelijnsafhandeling', null, 'fractie', r4(t.firstContactResolutionRate));
  add('totaal', 'Herhaalcontacten', null, 'aantal', t.repeats);
  add('totaal', 'Herhaalcontacten', null, 'fractie', r4(t.repeatRate));
  add('totaal', 'Buiten openingstijden', null, 'aantal', d.outsideHours.contacts);
  for (const c of d.channels) {
    add('kanaal', c.label, c.channel, 'aantal', c.contacts);
    add('kanaal', c.label, c.channel, 'aandeel', r4(c.share));
    add('kanaal', c.label, c.channel, 'vorige periode', c.previous);
  }
  for (const p of d.series.points) add(`reeks per ${p.start}`, p.channel, p.channel, 'aantal', p.contacts);
  for (const h of d.hours)
    add(`uur ${String(h.hour).padStart(2, '0')}`, h.channel, h.channel, 'aantal', h.contacts);
  for (const r of d.reasons) {
    add('contactreden', r.label, r.code, 'aantal', r.contacts);
    add('contactreden', r.label, r.code, 'vorige periode', r.previous);
    add('contactreden', r.label, r.code, 'eerstelijnsafhandeling', r4(r.firstContactResolutionRate));
    add('contactreden', r.label, r.code, 'herhaalcontacten', r.repeats);
  }
  for (const r of d.repeatsByTeam) {
    add('herhaal per team', r.label, r.code, 'aantal', r.repeats);
    add('herhaal per team', r.label, r.code, 'fractie', r4(r.repeatRate));
  }
  for (const c of d.callbacks.teams) {
    add('terugbelverzoeken', c.label, c.code, 'aangemaakt', c.opened);
    add('terugbelverzoeken', c.label, c.code, 'afgehandeld binnen termijn', c.doneWithinTerm);
    add('terugbelverzoeken', c.label, c.code, 'te laat', c.overdue);
    add('terugbelverzoeken', c.label, c.code, 'geëscaleerd', c.escalated);
  }
  for (const a of d.answerTimes) {
    add('antwoordtijd', a.label, a.channel, 'gemiddeld uren', a.averageHours);
    add('antwoordtijd', a.label, a.channel, 'binnen norm', r4(a.withinTermRate));
  }
  for (const h of d.handlingTimes.channels.filter((c) => c.measured)) {
    add('afhandeltijd', `${h.label} (${h.sourceLabel})`, h.channel, 'gemeten', h.handled);
    add('afhandeltijd', `${h.label} (${h.sourceLabel})`, h.channel, 'gemiddeld minuten', h.averageMinutes);
  }
  if (d.satisfaction.status === 'gemeten') {
    add('kto', 'Klanttevredenheid', null, 'reacties', d.satisfaction.responses);
    add('kto', 'Klanttevredenheid', null, 'gemiddelde score', d.satisfaction.average);
    for (const c of d.satisfaction.channels) add('kto', c.label, c.channel, 'gemiddelde score', c.average);
  }
  return csvLines(rows);
}
