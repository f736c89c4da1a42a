import type { ExpectedRevision } from './expected-revision';

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | undefined,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, found ${actual === undefined ? 'no stream' : actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An event id that is already stored with other content (or in another stream). */
export class IdempotencyConflictError extends Error {
  constructor(readonly eventId: string) {
    super(`event id ${eventId} is already recorded with different content`);
    this.name = 'IdempotencyConflictError';
  }
}

export class InvalidAppendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

export class StoreClosedError extends Error {
  constructor() {
    super('the event store is closed');
    this.name = 'StoreClosedError';
  }
}
