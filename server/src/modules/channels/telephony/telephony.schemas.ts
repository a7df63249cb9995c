// The call events a telephone platform posts (README, "Telefonie"). One event per request.
import { z } from 'zod';

const id = z.string().trim().min(1).max(200);
const number = z.string().trim().min(1).max(100);

const common = {
  /** The platform's id of this event: the same id twice is one event. */
  id,
  callId: id,
  /** When it happened on the platform; absent = when Loket received it. */
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  /** The caller's number (inbound) or the municipality's line (outbound); may come with any event. */
  from: number.optional(),
  /** The number or queue called (inbound: e.g. '14 0123' or 'kcc'; outbound: the resident's number). */
  to: number.optional(),
  direction: z.enum(['in', 'out']).optional(),
};

/** The employee as the platform knows them: Loket username or e-mail address. */
const employee = z.string().trim().min(1).max(254);

export const callEvent = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('ringing'),
    ...common,
    /** A thread reference (LK-…) when the call continues a conversation, e.g. a callback. */
    reference: z.string().trim().max(100).optional(),
  }),
  z.strictObject({ type: z.literal('answered'), ...common, employee }),
  z.strictObject({ type: z.literal('transferred'), ...common, employee }),
  z.strictObject({
    type: z.literal('ended'),
    ...common,
    reason: z.enum(['completed', 'abandoned', 'missed', 'voicemail']),
    /** The platform's own talk time; without it Loket counts from answered to ended. */
    durationSeconds: z.number().int().min(0).max(86_400).optional(),
  }),
]);
export type CallEvent = z.infer<typeof callEvent>;
