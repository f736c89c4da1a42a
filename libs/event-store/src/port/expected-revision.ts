/**
 * Optimistic concurrency for an append, as EventStoreDB spells it: any revision, the stream
 * must not exist yet, it must exist, or its last event must be at exactly this revision.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** Whether a stream whose last revision is `current` (undefined: no stream) meets the expectation. */
export function meetsExpectation(expected: ExpectedRevision, current: number | undefined): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === undefined;
    case 'stream_exists':
      return current !== undefined;
    default:
      return current === expected;
  }
}
