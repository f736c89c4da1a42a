import { ANY, END, NO_STREAM, START, STREAM_EXISTS } from '@eventstore/db-client';
import type { AppendExpectedRevision, ReadRevision } from '@eventstore/db-client';
import type { ExpectedRevision } from '../port/expected-revision';
import { toSafeNumber } from './safe-number';

export function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

/** The exact expectation for a stream whose last revision is `head` (undefined: no stream). */
export const expectationAt = (head: number | undefined): ExpectedRevision => head ?? 'no_stream';

export const toRevision = (revision: bigint): number => toSafeNumber(revision, 'stream revision');

/** Where a stream read starts: the port's inclusive revision, or the end the direction starts from. */
export function toReadRevision(fromRevision: number | undefined, direction: 'forwards' | 'backwards'): ReadRevision {
  if (fromRevision === undefined) return direction === 'backwards' ? END : START;
  return BigInt(fromRevision);
}
