// The texts of notifications: which placeholders each template may use, rendering, and the checks an
// admin's edit must pass. Placeholders look like {{zaaknummer}}; {{naam}} (the party's name) is
// always there. A line whose placeholder has no value is left out, so an optional part (a toelichting)
// sits on a line of its own; blank lines that follow from that are folded into one.
import type { NotificationChannel } from './notifications.tables.ts';

export const templateCodes = [
  'case_status',
  'case_document',
  'callback_done',
  'announcement',
  'verification_code',
] as const;
export type TemplateCode = (typeof templateCodes)[number];
export const templateChannels: NotificationChannel[] = ['email', 'sms', 'whatsapp', 'post'];

/** Besides {{naam}}: what the caller's data may fill in, per template. */
export const placeholdersOf: Record<TemplateCode, string[]> = {
  case_status: ['zaaknummer', 'onderwerp', 'zaaktype', 'status', 'toelichting', 'vervolg'],
  case_document: ['zaaknummer', 'onderwerp', 'zaaktype', 'document', 'datum'],
  callback_done: ['nummer', 'onderwerp', 'uitkomst'],
  announcement: ['titel', 'tekst'],
  verification_code: ['code', 'minuten'],
};

/** Data keys callers use under another name (announcements are queued as {title, body}). */
const aliases: Partial<Record<TemplateCode, Record<string, string>>> = {
  announcement: { titel: 'title', tekst: 'body' },
};

export const isTemplateCode = (code: string): code is TemplateCode =>
  (templateCodes as readonly string[]).includes(code);

const placeholder = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The placeholder names used in a text, in order of appearance, each once. */
export const usedPlaceholders = (text: string) => [
  ...new Set([...text.matchAll(placeholder)].map((m) => m[1] as string)),
];

/** The names a template may use: {{naam}} and its code's own. */
export const allowedPlaceholders = (code: TemplateCode) => ['naam', ...placeholdersOf[code]];

/** The values for a template: the caller's data under the template's names, and the party's name. */
export function valuesFor(code: string, data: Record<string, string>, name: string): Record<string, string> {
  const values: Record<string, string> = { ...data, naam: name };
  for (const [to, from] of Object.entries(aliases[code as TemplateCode] ?? {}))
    values[to] = values[to] ?? data[from] ?? '';
  return values;
}

/** Fills in a text; lines with an empty or unknown placeholder are left out. */
export function render(text: string, values: Record<string, string>): string {
  const lines: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    let empty = false;
    const filled = line.replace(placeholder, (_m, name: string) => {
      const value = values[name]?.trim() ?? '';
      if (!value) empty = true;
      return value;
    });
    if (empty) continue;
    if (filled.trim() === '' && lines.at(-1)?.trim() === '') continue;
    lines.push(filled.trimEnd());
  }
  while (lines.length && lines[0]?.trim() === '') lines.shift();
  while (lines.length && lines.at(-1)?.trim() === '') lines.pop();
  return lines.join('\n');
}

/** The subject line of a rendered template: one line. */
export const renderSubject = (subject: string, values: Record<string, string>) =>
  render(subject, values).replace(/\s+/g, ' ').trim();
