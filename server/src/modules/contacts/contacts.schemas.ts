// zod schemas of the contacts module: the app API validates with them and the service re-checks
// input from other modules (channel adapters, the Klantinteracties API) with the same rules.
import { type ZodType, z } from 'zod';
import { AppError, type InvalidParam } from '../../platform/errors.ts';

export const roles = ['klant', 'vertegenwoordiger', 'ander'] as const;
export const subjectKinds = ['case', 'product', 'contact', 'other'] as const;

/** Free-form name/address as told during the contact; capped so a client cannot store megabytes. */
const details = z
  .record(z.string().max(100), z.unknown())
  .refine((d) => JSON.stringify(d).length <= 4000, 'De gegevens zijn te groot (maximaal 4000 tekens).');

export const involvementInput = z.strictObject({
  partyId: z.uuid().nullish(),
  role: z.enum(roles).default('klant'),
  initiator: z.boolean().optional(),
  details: details.optional(),
});

export const subjectInput = z
  .strictObject({
    kind: z.enum(subjectKinds),
    reference: z.string().trim().min(1).max(1000),
    register: z.string().trim().min(1).max(100).optional(),
    relatedContactId: z.uuid().optional(),
  })
  .superRefine((s, ctx) => {
    if (/^https?:/i.test(s.reference) && !URL.canParse(s.reference)) {
      ctx.addIssue({ code: 'custom', path: ['reference'], message: 'Ongeldige URL.' });
    }
    if (s.kind === 'contact' && !s.relatedContactId && !z.uuid().safeParse(s.reference).success) {
      ctx.addIssue({
        code: 'custom',
        path: ['relatedContactId'],
        message: 'Geef bij een ander contact het id van dat contact (relatedContactId).',
      });
    }
  });

const language = z.string().regex(/^[a-z]{2,3}$/, 'Gebruik een taalcode zoals nl, en of tr.');
/** Text PostgreSQL can store: no NUL character and no lone half of a UTF-16 surrogate pair. */
const storable = (s: string) =>
  !s.includes('\u0000') && !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
const unstorable = 'Bevat een teken dat niet kan worden opgeslagen.';
const text = (max: number) => z.string().max(max).refine(storable, unstorable);

export const registerContactInput = z.strictObject({
  channel: z.string().trim().min(1).max(50),
  direction: z.enum(['in', 'out']),
  reasonId: z.uuid().optional(),
  reasonCode: z.string().trim().min(1).max(100).optional(),
  subject: z.string().trim().min(1).max(300).refine(storable, unstorable),
  content: text(50_000).optional(),
  result: text(10_000).nullish(),
  resolvedFirstContact: z.boolean().optional(),
  succeeded: z.boolean().nullish(),
  confidential: z.boolean().optional(),
  language: language.optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  employeeId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  parties: z.array(involvementInput).max(20).optional(),
  subjects: z.array(subjectInput).max(50).optional(),
  /** The conversation this contact continues (GET /threads/:id); absent: it stands alone for now. */
  threadId: z.uuid().optional(),
  /** How long the contact lasted, e.g. a call's talk time in seconds. */
  durationSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .nullish(),
});
export type RegisterContactBody = z.input<typeof registerContactInput>;

export const updateContactInput = z.strictObject({
  reasonId: z.uuid().nullish(),
  reasonCode: z.string().trim().min(1).max(100).optional(),
  result: text(10_000).nullish(),
  resolvedFirstContact: z.boolean().optional(),
  content: text(50_000).optional(),
});
export type UpdateContactInput = z.input<typeof updateContactInput>;

export const listContactsQuery = z.object({
  party: z.uuid().optional(),
  channel: z.string().trim().min(1).max(50).optional(),
  reason: z.string().trim().min(1).max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const idParam = z.object({ id: z.uuid() });

const reasonCode = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Gebruik kleine letters, cijfers en streepjes (maximaal 63 tekens).');
const serviceNormDays = z.number().int().positive().max(365);

export const createReasonInput = z.strictObject({
  code: reasonCode,
  label: z.string().trim().min(1).max(200),
  serviceNormDays: serviceNormDays.default(2),
  teamId: z.uuid().nullish(),
  active: z.boolean().default(true),
});
export type CreateReasonInput = z.input<typeof createReasonInput>;

export const updateReasonInput = z.strictObject({
  code: reasonCode.optional(),
  label: z.string().trim().min(1).max(200).optional(),
  serviceNormDays: serviceNormDays.optional(),
  teamId: z.uuid().nullish(),
  active: z.boolean().optional(),
});
export type UpdateReasonInput = z.input<typeof updateReasonInput>;

export const activeQuery = z.object({ active: z.enum(['true', 'false']).optional() });

export const updateChannelInput = z.strictObject({
  label: z.string().trim().min(1).max(100).optional(),
  active: z.boolean().optional(),
});
export const channelParam = z.object({ code: z.string().min(1).max(50) });

const dutchReason = (issue: z.core.$ZodIssue): string => {
  if (issue.code === 'custom') return issue.message;
  if (issue.code === 'invalid_type')
    return issue.input === undefined ? 'Dit veld is verplicht.' : 'Ongeldig type.';
  if (issue.code === 'too_big') return 'Waarde is te lang of te groot.';
  if (issue.code === 'too_small') return 'Waarde is te kort of te klein.';
  if (issue.code === 'invalid_format')
    return issue.message.startsWith('Gebruik') ? issue.message : 'Ongeldig formaat.';
  if (issue.code === 'invalid_value') return 'Ongeldige waarde.';
  if (issue.code === 'unrecognized_keys') return `Onbekend veld: ${issue.keys.join(', ')}.`;
  return issue.message;
};

/** Validate input from another module with the API's rules; a 400 names every wrong field. */
export function parseInput<T extends ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const params: InvalidParam[] = parsed.error.issues.map((issue) => ({
    name: issue.path.join('.') || 'body',
    code: issue.code,
    reason: dutchReason(issue),
  }));
  throw new AppError('invalid', `Ongeldige invoer in: ${params.map((p) => p.name).join(', ')}.`, params);
}
