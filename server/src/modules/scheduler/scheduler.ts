// What Loket does on its own when time passes: the reminder sweep and mail delivery. The same
// function runs from the pg-boss job (`loket start`, `loket worker`) and from the dev clock.
import type { Config } from '../../config.ts';
import type { DatabaseHandle, Db } from '../../db/connect.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Jobs, startJobs } from '../../platform/jobs.ts';
import { createRealtime } from '../../platform/realtime.ts';
import { settleMailInbox } from '../channels/email/email.process.ts';
import { runMessagingWork } from '../channels/messaging/messaging.work.ts';
import { runTelephonyWork } from '../channels/telephony/telephony.inbox.ts';
import { foldDeltas } from '../insights/insights.service.ts';
import { deliverNotifications } from '../notifications/notifications.delivery.ts';
import { deliverDueMail, type MailTransport, smtpTransport } from '../outbox/outbox.service.ts';
import { sweepReminders } from '../tasks/tasks.reminders.ts';

export type WorkContext = { db: Db; config: Config; clock: Clock; mail?: MailTransport | null };

const transports = new Map<string, MailTransport>();
function transportFor(config: Config): MailTransport | null {
  const url = config.mail.smtpRelayUrl;
  if (!url) return null;
  let t = transports.get(url);
  if (!t) {
    t = smtpTransport(url, config.mail.from);
    transports.set(url, t);
  }
  return t;
}

export async function runDueWork(ctx: WorkContext) {
  const now = ctx.clock.now();
  const tasks = await sweepReminders(ctx.db, { ...ctx.config.tasks, publicUrl: ctx.config.publicUrl }, now);
  const mail = await deliverDueMail(
    ctx.db,
    ctx.mail === undefined ? transportFor(ctx.config) : ctx.mail,
    now,
  );
  const messages = await runMessagingWork(ctx); // WhatsApp, SMS, social media (channels/messaging)
  // Call events not processed yet (a restart) or due again (channels/telephony); no screens to tell here.
  const callEvents = await runTelephonyWork({ ...ctx, realtime: createRealtime() });
  const notifications = await deliverNotifications(ctx); // to residents, a fan-out in lanes (notifications)
  await settleMailInbox(ctx); // received mail whose processing failed before and is due again (channels/email)
  const insightDeltas = await foldDeltas(ctx.db); // insights: trigger deltas into the rollups
  return {
    ...tasks,
    mailsSent: mail.sent,
    mailsFailed: mail.failed,
    messagesReceived: messages.inbox.done,
    messagesSent: messages.sent.sent,
    messagesFailed: messages.sent.failed,
    callEvents,
    insightDeltas,
    notificationsSent: notifications.sent,
    notificationsDead: notifications.dead,
  };
}

export const dueWorkJob = 'loket-due-work';

/** Starts the scheduler on a database; several processes may run it against one PostgreSQL server. */
export function startScheduler(
  ctx: WorkContext,
  handle: Pick<DatabaseHandle, 'pool'>,
  onError?: (err: Error) => void,
): Promise<Jobs> {
  return startJobs(
    handle.pool,
    [
      {
        name: dueWorkJob,
        everySeconds: ctx.config.tasks.schedulerIntervalSeconds,
        run: () => runDueWork(ctx),
      },
    ],
    onError,
  );
}
