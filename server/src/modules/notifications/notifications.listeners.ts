// What produces a notification besides the cases (cases.notify.ts queues those): a completed
// callback request tells the resident it was handled, in the transaction that completed it.
import { onCallbackCompleted } from '../tasks/tasks.events.ts';
import { queueNotification } from './notifications.service.ts';

const outcomes = {
  reached_answered: 'We hebben u gesproken en uw vraag beantwoord.',
  answered_in_writing: 'We hebben uw vraag schriftelijk beantwoord.',
  not_reached: 'We hebben u geprobeerd te bellen, maar konden u niet bereiken.',
} as const;

/** Registered once per app (named, so building the app twice registers it once). */
export function notifyOnCompletedCallbacks() {
  onCallbackCompleted('notify-resident', async (trx, e) => {
    await queueNotification(
      trx,
      {
        partyId: e.partyId,
        kind: 'callback',
        templateCode: 'callback_done',
        data: { nummer: e.number, onderwerp: e.subject, uitkomst: outcomes[e.result] },
        dedupeKey: `callback:${e.taskId}`,
      },
      e.completedAt,
    );
  });
}
