// The domain event "a callback request was completed". Listeners run inside the transaction that
// completed it, so what they queue (a message to the resident) exists exactly when the completion does.
import type { Db } from '../../db/connect.ts';
import type { TaskResult } from './tasks.tables.ts';

export type CallbackCompleted = {
  taskId: string;
  number: string;
  subject: string;
  result: TaskResult;
  partyId: string;
  completedAt: Date;
};

type Listener = (trx: Db, event: CallbackCompleted) => Promise<void>;
const listeners = new Map<string, Listener>();

/** Named, so building the app twice (tests) does not register a listener twice. */
export function onCallbackCompleted(name: string, listener: Listener) {
  listeners.set(name, listener);
}

export async function emitCallbackCompleted(trx: Db, event: CallbackCompleted) {
  for (const listener of listeners.values()) await listener(trx, event);
}
