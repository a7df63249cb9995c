// Opening hours per channel and team.
import type { Db } from '../../db/connect.ts';

export type OpeningStatus = { open: boolean; nextOpening: Date | null; autoReply: string | null };

/** Is this channel (and team) open at `at`? Outside hours: when it opens next and the channel's auto-reply text. */
export async function openingStatus(
  _db: Db,
  _scope: { channel: string; teamId?: string | null },
  _at: Date,
): Promise<OpeningStatus> {
  return { open: true, nextOpening: null, autoReply: null };
}
