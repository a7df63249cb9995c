// Polling an IMAP mailbox (LOKET_IMAP_URL, e.g. imaps://user:pass@host:993/INBOX) instead of, or
// beside, the SMTP receiver: every unseen message goes through the same ingestMail as SMTP mail and is
// marked \Seen once it is stored, quarantined, refused or known. A message that could not be stored
// (the database away) stays unseen and is tried again on the next round, so nothing is lost.
import { ImapFlow } from 'imapflow';
import type { AppContext } from '../../../platform/app.ts';
import { type IngestOutcome, ingestMail } from './email.ingest.ts';

export type ImapRound = {
  seen: number;
  stored: number;
  duplicates: number;
  quarantined: number;
  refused: number;
};

export function imapOptions(url: string) {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:';
  return {
    mailbox: decodeURIComponent(u.pathname.replace(/^\/+/, '')) || 'INBOX',
    options: {
      host: u.hostname,
      port: u.port ? Number(u.port) : secure ? 993 : 143,
      secure,
      auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
      logger: false as const,
      // A loopback test server has no certificate worth checking; anything else is verified.
      ...(['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)
        ? { tls: { rejectUnauthorized: false } }
        : {}),
    },
  };
}

/** One round: connect, take every unseen message, log out. */
export async function pollImapOnce(ctx: AppContext, url: string): Promise<ImapRound> {
  const { mailbox, options } = imapOptions(url);
  const client = new ImapFlow(options);
  const round: ImapRound = { seen: 0, stored: 0, duplicates: 0, quarantined: 0, refused: 0 };
  client.on('error', () => {
    // Reported through the failed command below; an 'error' event without a listener would crash.
  });
  await client.connect();
  try {
    const lock = await client.getMailboxLock(mailbox);
    try {
      const uids = (await client.search({ seen: false }, { uid: true })) || [];
      for (const uid of uids) {
        const message = await client.fetchOne(String(uid), { source: true, size: true }, { uid: true });
        if (!message) continue;
        let outcome: IngestOutcome;
        if ((message.size ?? 0) > ctx.config.mailIn.maxBytes || !message.source) {
          outcome = { kind: 'refused', code: 552, message: 'te groot' };
        } else {
          outcome = await ingestMail(ctx, message.source, { mailFrom: null, rcptTo: [] });
        }
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        round.seen++;
        if (outcome.kind === 'accepted') round.stored++;
        else if (outcome.kind === 'duplicate') round.duplicates++;
        else if (outcome.kind === 'quarantined') round.quarantined++;
        else round.refused++;
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return round;
}

/** Polls every `intervalSeconds` until stopped; a failed round is reported and the next one tries again. */
export function startImapPoller(
  ctx: AppContext,
  options: { url: string; intervalSeconds: number; onError?: (err: Error) => void },
) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = pollImapOnce(ctx, options.url)
      .catch((err: Error) =>
        options.onError?.(Object.assign(new Error(err.name), { code: (err as { code?: string }).code })),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalSeconds * 1000);
      });
  };
  tick();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
