import { ErrorType, isCommandError } from '@eventstore/db-client';
import type { WrongExpectedVersionError } from '@eventstore/db-client';
import { WrongExpectedRevisionError } from '../port/event-store-errors';
import type { ExpectedRevision } from '../port/expected-revision';
import { toRevision } from './revisions';

// By type tag rather than instanceof alone: the tag survives a second copy of the client package.
const isOfType = (error: unknown, type: ErrorType): boolean => error instanceof Error && isCommandError(error) && error.type === type;

/** Reading a stream that was never written: the port reads it as empty. */
export const isStreamNotFound = (error: unknown): boolean => isOfType(error, ErrorType.STREAM_NOT_FOUND);

export const isWrongExpectedVersion = (error: unknown): error is WrongExpectedVersionError => isOfType(error, ErrorType.WRONG_EXPECTED_VERSION);

/** The stream's revision as the server reported it; undefined when it has no stream (or did not say). */
export function actualRevisionOf(error: WrongExpectedVersionError): number | undefined {
  return typeof error.actualVersion === 'bigint' ? toRevision(error.actualVersion) : undefined;
}

/** The port's error for the caller's expectation, with the revision the server found. */
export function toWrongExpectedRevision(error: WrongExpectedVersionError, streamId: string, expected: ExpectedRevision): WrongExpectedRevisionError {
  return new WrongExpectedRevisionError(streamId, expected, actualRevisionOf(error));
}
