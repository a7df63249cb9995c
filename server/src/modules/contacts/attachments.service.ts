// Attachments of a contact: stored in the database (bytea) with their sha256, so a backup of the
// database is a backup of everything. The size limit is enforced while the upload streams in.
import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import * as repo from './contacts.repo.ts';
import { acceptedType, allowedTypes, cleanFilename } from './file-types.ts';

export type AttachmentSummary = {
  id: string;
  contactId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: Date;
};

export type AttachmentFile = { filename: string; contentType: string; data: Buffer };

export const tooLarge = (limit: number) =>
  new AppError('payload_too_large', `De bijlage is groter dan ${Math.floor(limit / 1024)} kB.`, [
    { name: 'file', code: 'too_big', reason: `Maximaal ${limit} bytes.` },
  ]);

/** A checked file, ready to store: cleaned name, accepted type, digest. */
export type CheckedAttachment = {
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  data: Buffer;
};

/** The checks addAttachment makes (size, empty, type by name and content), without storing: throws AppError. */
export function checkAttachment(file: AttachmentFile, limit: number): CheckedAttachment {
  if (file.data.length > limit) throw tooLarge(limit);
  if (file.data.length === 0) {
    throw new AppError('invalid', 'De bijlage is leeg.', [
      { name: 'file', code: 'too_small', reason: 'Leeg bestand.' },
    ]);
  }
  const filename = cleanFilename(file.filename);
  const contentType = acceptedType(file.contentType, filename, file.data);
  if (!contentType) {
    const allowed = Object.values(allowedTypes)
      .flatMap((t) => t.extensions)
      .join(', ');
    const reason = `Dit bestandstype is niet toegestaan, of de inhoud past niet bij het type. Toegestaan: ${allowed}.`;
    throw new AppError('unsupported_media_type', reason, [{ name: 'file', code: 'content_type', reason }]);
  }
  return {
    filename,
    contentType,
    sizeBytes: file.data.length,
    sha256: createHash('sha256').update(file.data).digest('hex'),
    data: file.data,
  };
}

/**
 * The files of an inbound message (a mail, a WhatsApp image) that may be kept, and for each one refused
 * a note for the contact's text, so the employee knows something was sent that Loket did not keep.
 */
export function keepAttachments(files: AttachmentFile[], limit: number) {
  const kept: CheckedAttachment[] = [];
  const notes: string[] = [];
  for (const file of files) {
    try {
      kept.push(checkAttachment(file, limit));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const why =
        err.code === 'payload_too_large'
          ? 'te groot'
          : err.code === 'invalid'
            ? 'leeg'
            : 'bestandstype niet toegestaan';
      const name = file.filename.length > 100 ? `${file.filename.slice(0, 99)}…` : file.filename;
      notes.push(`[Bijlage '${name}' niet bewaard: ${why}.]`);
    }
  }
  return { files: kept, notes };
}

export const attachmentRow = (contactId: string, file: CheckedAttachment, now: Date) => ({
  id: randomUUID(),
  contact_id: contactId,
  filename: file.filename,
  content_type: file.contentType,
  size_bytes: file.sizeBytes,
  sha256: file.sha256,
  data: file.data,
  created_at: now,
});

export async function addAttachment(
  db: Db,
  contactId: string,
  file: AttachmentFile,
  opts: { limit: number; now: Date },
): Promise<AttachmentSummary> {
  const row = attachmentRow(contactId, checkAttachment(file, opts.limit), opts.now);
  await repo.insertAttachment(db, row);
  return {
    id: row.id,
    contactId,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    createdAt: opts.now,
  };
}

/** An attachment with its bytes; throws notFound('Bijlage'). */
export async function getAttachment(db: Db, id: string) {
  const row = await repo.findAttachment(db, id);
  if (!row) throw notFound('Bijlage');
  return {
    id: row.id,
    contactId: row.contact_id,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    data: row.data,
  };
}
