/**
 * A place in the global log. The embedded store has one number per event (commit = prepare);
 * EventStoreDB orders $all by commit then prepare position, and an append of several events
 * shares one commit position, so checkpoints keep both.
 */
export interface LogPosition {
  readonly commit: number;
  readonly prepare: number;
}

export const START: LogPosition = Object.freeze({ commit: -1, prepare: -1 });

export const positionOf = (n: number): LogPosition => ({ commit: n, prepare: n });

export function comparePositions(a: LogPosition, b: LogPosition): number {
  return a.commit - b.commit || a.prepare - b.prepare;
}

export const isAfter = (a: LogPosition, b: LogPosition): boolean => comparePositions(a, b) > 0;
