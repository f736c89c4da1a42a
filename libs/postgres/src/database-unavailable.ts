/**
 * Whether an error means the database could not be reached or the connection was lost (as
 * opposed to a query it refused): the ledger answers such requests 503 and carries on, and the
 * pool reconnects when the server is back. node-postgres reports these as socket errors (codes),
 * as server errors of SQLSTATE class 08 or the shutdown codes, or as plain errors with fixed
 * messages; a connect over several addresses fails as an AggregateError.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, message, errors, cause } = error as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08'))) return true;
  if (typeof message === 'string' && CLIENT_MESSAGES.some((pattern) => pattern.test(message))) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return cause !== undefined && isDatabaseUnavailable(cause, depth + 1);
}

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

// admin_shutdown, crash_shutdown, cannot_connect_now (starting up, or in recovery), too_many_connections.
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

const CLIENT_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  // createPgPool's queryTimeoutMs: the server went silent.
  /^Query read timeout/,
  /not queryable/,
  /^Cannot use a pool after calling end on the pool/,
];
