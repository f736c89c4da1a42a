import { HttpException, HttpStatus } from '@nestjs/common';
import { CommandRefused } from '@ledger/domain';
import { IdempotencyConflictError, InvalidAppendError, WrongExpectedRevisionError } from '@ledger/event-store';
import { UnknownMasterKeyError, UnknownSubjectError } from '@ledger/vault';
import { isDatabaseUnavailable } from '@ledger/postgres';
import { STATUS_CODES } from 'node:http';
import { InvalidInputException } from './invalid-input.exception';

/** The one error format of the API (DESIGN.md): never a stack trace, never internals. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

const body = (statusCode: number, message: string, details?: unknown): ErrorBody => ({
  statusCode,
  error: STATUS_CODES[statusCode] ?? 'Error',
  message,
  ...(details === undefined ? {} : { details }),
});

/**
 * While PostgreSQL cannot be reached. What was acknowledged before stays recorded; a write that
 * got this answer may or may not have been recorded, and resending it with the same event ids
 * is safe (idempotency by id: recorded once, answered 200 if it was).
 */
export const DATABASE_UNAVAILABLE = "the ledger's database cannot be reached at the moment; retry later (resending facts with the same ids records each once)";

/**
 * Maps anything thrown while serving a request to its answer. Known failures get their 4xx;
 * whatever is left is a 500 with a generic message (the cause goes to the log, redacted).
 */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof InvalidInputException) return body(400, error.message, error.problems);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? (response as { message: string[] }).message.join('; ')
          : String((response as { message?: unknown }).message ?? error.message);
    const details = typeof response === 'object' ? (response as { details?: unknown }).details : undefined;
    return body(status, message, details);
  }
  if (error instanceof IdempotencyConflictError) {
    const index = (error as { index?: number }).index;
    return body(409, error.message, { id: error.eventId, ...(index !== undefined && index >= 0 ? { index } : {}) });
  }
  if (error instanceof WrongExpectedRevisionError) {
    return body(409, 'the stream changed while the command was decided; retry', { stream: error.streamId });
  }
  if (error instanceof CommandRefused) return body(error.reason === 'not-found' ? 404 : 409, error.message);
  if (error instanceof UnknownSubjectError) return body(404, error.message);
  if (error instanceof InvalidAppendError) return body(400, error.message);
  // An operator's matter (a rotation's new key not given to this ledger), not the client's: another instance may answer.
  if (error instanceof UnknownMasterKeyError)
    return body(503, 'this ledger lacks the master key that wraps these keys; the operator must give it (LEDGER_MASTER_KEY_NEXT or master.key.next)');
  // Node and Fastify mark some failures of the client as 4xx (a request aborted mid-body); their messages are internal.
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return body(status, STATUS_CODES[status] ?? 'the request is not valid');
  if (isDatabaseUnavailable(error)) return body(HttpStatus.SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE);
  return body(HttpStatus.INTERNAL_SERVER_ERROR, 'the ledger could not complete this request');
}
