import { type ExpectedRevision, meetsExpectation } from '../port/expected-revision';

/** How often one append re-reads the stream's head and tries again after losing a race for it. */
export const MAX_APPEND_ATTEMPTS = 10;

/**
 * After the server refused an append because another writer moved the stream first. Retrying
 * means re-reading the head and chaining onto it, which is only right where the caller would
 * accept the stream as it now is: always for 'any', never for an exact revision it has passed.
 * `attempt` counts from 1.
 */
export function shouldRetryAppend(attempt: number, expected: ExpectedRevision, actual: number | undefined, maxAttempts = MAX_APPEND_ATTEMPTS): boolean {
  return attempt < maxAttempts && meetsExpectation(expected, actual);
}
