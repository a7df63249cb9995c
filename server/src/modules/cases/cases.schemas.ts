import { z } from 'zod';

export const partyRoles = ['initiator', 'stakeholder', 'representative'] as const;

const code = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Gebruik kleine letters, cijfers, - en _.');
const isoDate = z.iso.date();

export const caseTypeBody = z.strictObject({
  code,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).optional(),
  /** Doorlooptijd in calendar days: the expected end date is the start date plus this. */
  termDays: z.number().int().min(1).max(3650),
  /** A team by id or code. */
  team: z.string().trim().min(1).max(100).optional(),
  /** In order; the last one ends the case. */
  statuses: z
    .array(z.strictObject({ code, name: z.string().trim().min(1).max(200) }))
    .min(2)
    .max(30),
  active: z.boolean().optional(),
});
export type CaseTypeInput = z.input<typeof caseTypeBody>;

export const createCaseBody = z.strictObject({
  /** A case type by id or code. */
  caseType: z.string().trim().min(1).max(100),
  subject: z.string().trim().min(1).max(300),
  description: z.string().max(10_000).optional(),
  startDate: isoDate.optional(),
  /** Overrides the case type's team. */
  team: z.string().trim().min(1).max(100).optional(),
  parties: z
    .array(z.strictObject({ partyId: z.uuid(), role: z.enum(partyRoles).default('initiator') }))
    .min(1)
    .max(20),
  /** Given when an outside system numbers the case; otherwise Loket numbers it (ZAAK-0000001). */
  identification: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Gebruik letters, cijfers, punt, - en _.')
    .optional(),
});
export type CreateCaseInput = z.input<typeof createCaseBody>;

export const setStatusBody = z.strictObject({
  /** A status of the case type, by code or name. */
  status: z.string().trim().min(1).max(200),
  explanation: z.string().trim().max(2000).optional(),
  /** When the status was set; default now. */
  at: z.iso.datetime({ offset: true }).optional(),
});
export type SetStatusInput = z.input<typeof setStatusBody>;

export const documentBody = z
  .strictObject({
    title: z.string().trim().min(1).max(300),
    date: isoDate.optional(),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    attachmentId: z.uuid().optional(),
  })
  .refine((d) => !!d.url !== !!d.attachmentId, {
    path: ['url'],
    message: 'Geef een URL of een bijlage (attachmentId), één van beide.',
  });
export type DocumentInput = z.input<typeof documentBody>;

export const listCasesQuery = z.object({
  party: z.uuid().optional(),
  /** open | closed | a status code */
  status: z.string().trim().min(1).max(100).optional(),
  team: z.string().trim().min(1).max(100).optional(),
  caseType: z.string().trim().min(1).max(100).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  purpose: z.string().max(200).optional(),
});
export type ListCasesQuery = z.infer<typeof listCasesQuery>;

export const caseRefParams = z.object({ ref: z.string().trim().min(1).max(100) });
