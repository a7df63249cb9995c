// The only SQL for webform_submissions.
import type { Db } from '../../../db/connect.ts';

type NewSubmission = {
  reference: string;
  form_id: string;
  auth_attribute: 'bsn' | 'kvk' | null;
  auth_value: string | null;
  submitted_at: Date;
  received_at: Date;
};

/**
 * Claims the reference for this submission; false when it was claimed before. A second delivery at
 * the same moment waits here (PostgreSQL) until the first commits, then sees it.
 */
export async function claimReference(db: Db, row: NewSubmission) {
  const res = await db
    .insertInto('webform_submissions')
    .values({ ...row, contact_id: null })
    .onConflict((oc) => oc.column('reference').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function setContact(db: Db, reference: string, contactId: string) {
  await db
    .updateTable('webform_submissions')
    .set({ contact_id: contactId })
    .where('reference', '=', reference)
    .execute();
}

export const findSubmission = (db: Db, reference: string) =>
  db.selectFrom('webform_submissions').selectAll().where('reference', '=', reference).executeTakeFirst();
