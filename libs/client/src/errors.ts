import type { LedgerFact } from './fact';

/** One problem the ledger named in a 4xx answer: where, and what is wrong. `index` is the item of a batch. */
export interface ProblemDetail {
  path: string;
  message: string;
  index?: number;
}

/**
 * The ledger refused a request or a fact, and said why: its status, error and message as it
 * answered them, and its details (for a batch: the problems of each bad item, by index).
 */
export class LedgerError extends Error {
  override readonly name = 'LedgerError';

  constructor(
    readonly status: number,
    readonly error: string,
    /** The message exactly as the ledger wrote it. */
    readonly ledgerMessage: string,
    readonly details?: unknown,
  ) {
    super(`${status} ${error}: ${ledgerMessage}`);
  }
}

/**
 * The ledger could not be reached or could not answer now (a network error, a timeout, 429 or
 * a 5xx). The client retries these with the same ids; this names the last such failure.
 */
export class LedgerUnavailableError extends Error {
  override readonly name = 'LedgerUnavailableError';

  constructor(
    message: string,
    /** The HTTP status, when the ledger answered at all. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A fact the ledger refused: it is not retried, and kept (in the outbox, when there is one) until you clear it. */
export interface FactRejection {
  id: string;
  fact: LedgerFact;
  /** The ledger's answer for this fact: its status, and its problems as the ledger named them. */
  error: LedgerError;
  rejectedAt: string;
}

/** `record()` waited `backpressureTimeoutMs` for room among the unsent facts, and found none. */
export class LedgerBackpressureError extends Error {
  override readonly name = 'LedgerBackpressureError';

  constructor(
    readonly pending: number,
    readonly maxPending: number,
    readonly waitedMs: number,
    readonly lastFailure?: LedgerUnavailableError,
  ) {
    super(
      `the ledger client holds ${pending} unsent facts (maxPending ${maxPending}) and found no room in ${waitedMs} ms` +
        (lastFailure ? `; the ledger is unavailable: ${lastFailure.message}` : '; the ledger is slower than the facts arrive'),
    );
  }
}

/** `flush()` did not see every fact acknowledged in time. */
export class LedgerFlushTimeoutError extends Error {
  override readonly name = 'LedgerFlushTimeoutError';

  constructor(
    readonly pending: number,
    readonly timeoutMs: number,
    readonly lastFailure?: LedgerUnavailableError,
  ) {
    super(`${pending} facts were not acknowledged within ${timeoutMs} ms` + (lastFailure ? `; the ledger is unavailable: ${lastFailure.message}` : ''));
  }
}

/** The client was closed: it takes no more facts. */
export class LedgerClientClosedError extends Error {
  override readonly name = 'LedgerClientClosedError';
  constructor(message = 'the ledger client is closed: it takes no more facts') {
    super(message);
  }
}

/**
 * `close()` of a client without an outbox could not send every fact in time. They are here, so
 * that the caller can keep them somewhere; nothing else holds them any more.
 */
export class UnsentFactsError extends Error {
  override readonly name = 'UnsentFactsError';

  constructor(
    readonly facts: LedgerFact[],
    readonly lastFailure?: LedgerUnavailableError,
  ) {
    super(
      `${facts.length} facts were not sent before the client closed (no outbox keeps them)` +
        (lastFailure ? `; the ledger is unavailable: ${lastFailure.message}` : ''),
    );
  }
}

/** A fact was recorded with the id of a fact still waiting to be sent, but with other content. */
export class FactIdConflictError extends Error {
  override readonly name = 'FactIdConflictError';
  constructor(readonly id: string) {
    super(`a fact with id ${id} is already waiting to be sent, with other content; an id names one fact`);
  }
}
