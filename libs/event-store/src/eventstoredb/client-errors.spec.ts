import { NO_STREAM, StreamNotFoundError, UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client';
import { WrongExpectedRevisionError } from '../port/event-store-errors';
import { actualRevisionOf, isStreamNotFound, isWrongExpectedVersion, toWrongExpectedRevision } from './client-errors';

const wrongVersion = (current: bigint | typeof NO_STREAM) => new WrongExpectedVersionError(undefined, { streamName: 's', expected: 3n, current });

describe('client errors', () => {
  it('recognises a missing stream', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 's'))).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
    expect(isStreamNotFound('not an error')).toBe(false);
  });

  it('recognises a wrong expected version', () => {
    expect(isWrongExpectedVersion(wrongVersion(5n))).toBe(true);
    expect(isWrongExpectedVersion(new StreamNotFoundError(undefined, 's'))).toBe(false);
  });

  it('reads the revision the server found, if any', () => {
    expect(actualRevisionOf(wrongVersion(5n))).toBe(5);
    expect(actualRevisionOf(wrongVersion(NO_STREAM))).toBeUndefined();
  });

  it("maps to the port's error with the caller's expectation and the actual revision", () => {
    const error = toWrongExpectedRevision(wrongVersion(5n), 'subject-1', 3);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ streamId: 'subject-1', expected: 3, actual: 5 });
  });
});
