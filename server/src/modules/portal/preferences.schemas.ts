// What the resident sends to the preferences API (zod), and the kinds and channels it knows.
import { z } from 'zod';

export const messageKinds = ['case_status', 'callback', 'document', 'announcement'] as const;
export const messageChannels = ['email', 'sms', 'whatsapp', 'post'] as const;
export const languages = ['nl', 'en'] as const;

const channelOrDefault = z.enum(messageChannels).nullable().optional();

export const preferencesBody = z.strictObject({
  messagePreferences: z
    .strictObject({
      case_status: channelOrDefault,
      callback: channelOrDefault,
      document: channelOrDefault,
      announcement: channelOrDefault,
    })
    .optional(),
  language: z.enum(languages).optional(),
});

export const newAddressBody = z.strictObject({
  kind: z.enum(['email', 'phone']),
  value: z.string().trim().min(1, 'Vul een e-mailadres of telefoonnummer in.').max(254),
});

export const verifyBody = z.strictObject({
  verificationId: z.string().max(100),
  code: z.string().trim().max(20),
});

export const addressParam = z.object({ id: z.string().max(100) });

export type PreferencesInput = z.infer<typeof preferencesBody>;
export type NewAddressInput = z.infer<typeof newAddressBody>;
export type VerifyInput = z.infer<typeof verifyBody>;
