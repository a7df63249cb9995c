// Request bodies of the subscription and announcement endpoints. Field-level rules that depend on
// the topic (an area for a postcode topic, a case for a case topic) are checked in the service.
import { z } from 'zod';

const topic = z.string().trim().min(1, 'Kies een onderwerp.').max(60);
const postcodeArea = z.string().trim().max(10).optional();
const caseId = z.string().trim().max(500).optional();

export const subscribeBody = z.strictObject({ topic, postcodeArea, caseId });
export type SubscribeInput = z.infer<typeof subscribeBody>;

export const announcementBody = z.strictObject({
  topic,
  postcodeArea,
  caseId,
  title: z.string().trim().min(1, 'Vul een titel in.').max(200),
  body: z.string().trim().min(1, 'Vul het bericht in.').max(5000),
});
export type AnnouncementInput = z.infer<typeof announcementBody>;

export const announcementsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const idParam = z.object({ id: z.string().max(100) });

/** Retrying a publish with the same key gives the first announcement back (and sends nothing new). */
export const idempotencyKey = z.string().trim().min(8).max(200).optional();
