// The one source of time. Working-day terms, reminders and escalations are tested by moving
// this clock, never by sleeping.
export type Clock = {
  now: () => Date;
  /** Move time forward (dev clock and tests only). */
  advance: (ms: number) => Date;
  set: (to: Date) => void;
};

export function createClock(start?: Date): Clock {
  let offset = start ? start.getTime() - Date.now() : 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
      return new Date(Date.now() + offset);
    },
    set: (to) => {
      offset = to.getTime() - Date.now();
    },
  };
}
