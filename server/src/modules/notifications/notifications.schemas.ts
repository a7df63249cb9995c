import { z } from 'zod';

export const templateKey = z.object({
  code: z.string().min(1).max(50),
  channel: z.string().min(1).max(20),
  language: z.string().min(1).max(10),
});

export const templateBody = z.strictObject({
  subject: z.string().max(300).default(''),
  body: z.string().max(10_000),
});

export const notificationId = z.object({ id: z.string().min(1).max(100) });
