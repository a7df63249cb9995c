// A submitted form as a form engine (Open Formulieren, a CMS form) posts it (README, "E-formulieren").
import { z } from 'zod';

const primitive = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);
const fieldValue = z.union([
  primitive,
  z.array(z.union([z.string().max(2000), z.number(), z.boolean()])).max(100),
  z.record(z.string().max(200), primitive),
]);

const base64 = z
  .string()
  .max(30_000_000)
  .regex(/^[A-Za-z0-9+/\r\n]*={0,2}$/, 'Gebruik base64.');

export const formSubmission = z.strictObject({
  formId: z.string().trim().min(1).max(200),
  formName: z.string().trim().min(1).max(200),
  /** The form engine's reference of this submission: the same reference twice is one submission. */
  reference: z.string().trim().min(1).max(100),
  submittedAt: z.iso.datetime({ offset: true }),
  /** Who was logged in when submitting: DigiD gives a BSN, eHerkenning a KvK-nummer. Absent: anonymous. */
  auth: z
    .strictObject({
      attribute: z.enum(['bsn', 'kvk']),
      value: z.string().trim().min(1).max(40),
      plugin: z.string().trim().max(100).optional(),
    })
    .optional(),
  /** The filled-in fields in the form's order, with the label the resident saw. */
  fields: z
    .array(
      z.strictObject({
        key: z.string().trim().max(200).optional(),
        label: z.string().trim().min(1).max(300),
        value: fieldValue,
      }),
    )
    .max(500),
  attachments: z
    .array(
      z.strictObject({
        filename: z.string().trim().min(1).max(255),
        contentType: z.string().trim().min(1).max(200),
        data: base64,
      }),
    )
    .max(10)
    .optional(),
});
export type FormSubmission = z.infer<typeof formSubmission>;

export const submissionResponse = z.object({
  contactId: z.uuid(),
  contactNumber: z.string(),
  reference: z.string(),
  /** Whether the contact is in a party's timeline (the BSN or KvK-nummer is known in Loket). */
  partyLinked: z.boolean(),
});
export type SubmissionResponse = z.infer<typeof submissionResponse>;
