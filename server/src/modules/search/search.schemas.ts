import { z } from 'zod';

export const maxQueryLength = 200;

export const searchQuery = z.object({
  q: z.string().trim().min(1).max(maxQueryLength),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).optional(),
  /** Alias of pageSize. */
  limit: z.coerce.number().int().min(1).max(100).optional(),
  purpose: z.string().max(200).optional(),
});

export const partyResult = z.object({
  type: z.literal('party'),
  partyId: z.string(),
  displayName: z.string(),
  kind: z.enum(['person', 'organisation', 'contact_person']),
  birthYear: z.number().int().nullable(),
  address: z.string().nullable(),
  lastContactAt: z.string().nullable(),
  matchedOn: z.string(),
  score: z.number(),
});

export const contactResult = z.object({
  type: z.literal('contact'),
  contactId: z.string(),
  partyId: z.string().nullable(),
  displayName: z.string().nullable(),
  subject: z.string(),
  channel: z.string(),
  occurredAt: z.string(),
  snippet: z.string(),
  score: z.number(),
});

export const searchResponse = z.object({
  query: z.string(),
  detected: z.enum(['bsn', 'kvk', 'vestigingsnummer', 'postcode', 'phone', 'email', 'name', 'text']),
  results: z.array(z.discriminatedUnion('type', [partyResult, contactResult])),
  page: z.number().int(),
  pageSize: z.number().int(),
  hasMore: z.boolean(),
});

export type PartyResult = z.infer<typeof partyResult>;
export type ContactResult = z.infer<typeof contactResult>;
export type SearchResponse = z.infer<typeof searchResponse>;
