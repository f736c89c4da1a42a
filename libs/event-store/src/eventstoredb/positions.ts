import { START } from '@eventstore/db-client';
import type { Position, ReadPosition } from '@eventstore/db-client';
import type { LogPosition } from '../port/log-position';
import { toSafeNumber } from './safe-number';

export const toLogPosition = (position: Position): LogPosition => ({
  commit: toSafeNumber(position.commit, 'commit position'),
  prepare: toSafeNumber(position.prepare, 'prepare position'),
});

export const toClientPosition = (position: LogPosition): Position => ({
  commit: BigInt(position.commit),
  prepare: BigInt(position.prepare),
});

/** Where to start reading $all: the start for "from the beginning" (absent, or the port's START sentinel). */
export function toReadPosition(from: LogPosition | undefined): ReadPosition {
  return from === undefined || from.commit < 0 ? START : toClientPosition(from);
}
