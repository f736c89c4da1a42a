import type { ConsumeMessage } from 'amqplib';
import type { ErrorBody } from '../common/error-body';

/** A header table must stay well under amqplib's 64 KiB encoding buffer, beside the emitter's own headers. */
const MAX_ERROR_HEADER = 32 * 1024;

/**
 * The headers of a dead letter: the emitter's own, where the message came from, and the
 * error the HTTP API would have answered (`x-ledger-error`: its JSON body; status and message
 * also apart, for routing and eyes). Details too long for a header are cut, and say so.
 */
export function deadLetterHeaders(message: ConsumeMessage, error: ErrorBody): Record<string, unknown> {
  let body = JSON.stringify(error);
  if (body.length > MAX_ERROR_HEADER && Array.isArray(error.details)) {
    const details = error.details as unknown[];
    let kept = details.length;
    while (kept > 1 && body.length > MAX_ERROR_HEADER) {
      kept = Math.floor(kept / 2);
      body = JSON.stringify({ ...error, details: details.slice(0, kept), detailsOmitted: details.length - kept });
    }
  }
  return {
    ...(message.properties.headers ?? {}),
    'x-ledger-error':
      body.length > MAX_ERROR_HEADER ? JSON.stringify({ statusCode: error.statusCode, error: error.error, message: error.message.slice(0, 1000) }) : body,
    'x-ledger-status': error.statusCode,
    'x-ledger-message': error.message.slice(0, 1000),
    'x-ledger-original-exchange': message.fields.exchange,
    'x-ledger-original-routing-key': message.fields.routingKey,
  };
}
