/** The ledger's notion of "now", injected so deadlines never read the wall clock themselves. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const frozenClock = (at: Date): Clock => ({ now: () => new Date(at.getTime()) });
