import { z } from 'zod';

/** 'phone' or 'phone,email': several values are comma-separated. */
const list = (name: string) =>
  z
    .string()
    .trim()
    .max(200)
    .regex(/^[a-z0-9_-]+(,[a-z0-9_-]+)*$/, `Geef een of meer ${name} gescheiden door komma's.`)
    .transform((s) => [...new Set(s.split(','))])
    .optional();

export const viewParams = z.object({ id: z.uuid() });

export const viewQuery = z.object({
  channel: list('kanalen'),
  kind: list('soorten'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  purpose: z.string().max(200).optional(),
});
