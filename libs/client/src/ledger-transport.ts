import { STATUS_CODES } from 'node:http';
import { LedgerError, LedgerUnavailableError, ProblemDetail } from './errors';
import type { FactReceipt } from './fact-receipt';

/** What became of one POST /v1/events/batch. */
export type BatchAnswer =
  /** Every fact is in the log (201), or was already (200). */
  | { kind: 'recorded'; receipts: FactReceipt[] }
  /** Not now: retry the same facts with the same ids. */
  | { kind: 'unavailable'; failure: LedgerUnavailableError; retryAfterMs?: number }
  /**
   * Refused, nothing written. `byIndex` holds each bad item's error when the ledger named the
   * items (the batch is atomic: the others were refused only for their company).
   */
  | { kind: 'refused'; error: LedgerError; byIndex?: Map<number, LedgerError> }
  /** The body was over the ledger's limit (413). */
  | { kind: 'too-large'; error: LedgerError };

export interface TransportOptions {
  url: string;
  apiKey: string;
  requestTimeoutMs: number;
  userAgent: string;
}

/** POSTs batches of fact envelopes (already JSON) to the ledger, and says what became of them. */
export class LedgerTransport {
  private readonly endpoint: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: TransportOptions) {
    this.endpoint = new URL('v1/events/batch', options.url.endsWith('/') ? options.url : `${options.url}/`).href;
    this.headers = {
      authorization: `Bearer ${options.apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': options.userAgent,
    };
  }

  async postBatch(bodies: readonly string[], stop: AbortSignal): Promise<BatchAnswer> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: this.headers,
        // Each body is one envelope's JSON, kept as recorded: the batch is their concatenation.
        body: `{"events":[${bodies.join(',')}]}`,
        signal: AbortSignal.any([stop, AbortSignal.timeout(this.options.requestTimeoutMs)]),
      });
      text = await response.text();
    } catch (error) {
      return { kind: 'unavailable', failure: this.networkFailure(error) };
    }
    const status = response.status;
    const body = parseJson(text);
    if (status === 200 || status === 201) {
      const receipts = (body as { events?: unknown } | undefined)?.events;
      if (Array.isArray(receipts) && receipts.length === bodies.length) return { kind: 'recorded', receipts: receipts as FactReceipt[] };
      // A 2xx we cannot read: retrying with the same ids is safe and gets a readable answer.
      return { kind: 'unavailable', failure: new LedgerUnavailableError(`the ledger answered ${status} with a body that is not a batch receipt`, status) };
    }
    const error = toLedgerError(status, body, text);
    if (status === 429 || status >= 500) {
      return {
        kind: 'unavailable',
        failure: new LedgerUnavailableError(error.message, status),
        retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      };
    }
    if (status === 413) return { kind: 'too-large', error };
    return { kind: 'refused', error, byIndex: itemErrors(error, bodies.length) };
  }

  private networkFailure(error: unknown): LedgerUnavailableError {
    const name = (error as { name?: string } | undefined)?.name;
    if (name === 'TimeoutError') {
      return new LedgerUnavailableError(`the ledger at ${this.options.url} did not answer within ${this.options.requestTimeoutMs} ms`, undefined, {
        cause: error,
      });
    }
    if (name === 'AbortError') return new LedgerUnavailableError('the request was abandoned: the client is closing', undefined, { cause: error });
    const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
    const why = cause?.code ?? cause?.message ?? (error as Error | undefined)?.message ?? String(error);
    return new LedgerUnavailableError(`the ledger at ${this.options.url} could not be reached: ${why}`, undefined, { cause: error });
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The ledger's error body ({statusCode, error, message, details}) as an error; any other body by its status. */
function toLedgerError(status: number, body: unknown, text: string): LedgerError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { error?: unknown; message?: unknown; details?: unknown };
  const error = typeof b.error === 'string' ? b.error : (STATUS_CODES[status] ?? 'Error');
  const message = typeof b.message === 'string' ? b.message : text.slice(0, 500) || error;
  return new LedgerError(status, error, message, b.details);
}

/**
 * Each bad item's own error, when the ledger named the items of the batch it refused: a 400 or
 * 403 lists problems with their index; a 409 names the one conflicting item. Undefined when any
 * problem is about the batch as a whole.
 */
function itemErrors(batch: LedgerError, size: number): Map<number, LedgerError> | undefined {
  const raw = batch.details;
  const problems: unknown[] = Array.isArray(raw) ? raw : typeof raw === 'object' && raw !== null ? [raw] : [];
  const indexed = (p: unknown): p is { index: number } =>
    typeof (p as { index?: unknown }).index === 'number' &&
    Number.isInteger((p as { index: number }).index) &&
    (p as { index: number }).index >= 0 &&
    (p as { index: number }).index < size;
  if (problems.length === 0 || !problems.every(indexed)) return undefined;
  const byIndex = new Map<number, ProblemDetail[]>();
  for (const p of problems as (ProblemDetail & { index: number })[]) {
    const { index, ...problem } = p;
    byIndex.set(index, [...(byIndex.get(index) ?? []), problem]);
  }
  return new Map(
    [...byIndex].map(([index, list]) => {
      // A 409's detail is {id, index}: its message is the batch's own.
      const message = list.every((p) => typeof p.path === 'string' && typeof p.message === 'string')
        ? list.map((p) => `${p.path} ${p.message}`).join('; ')
        : batch.ledgerMessage;
      return [index, new LedgerError(batch.status, batch.error, message, list)];
    }),
  );
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
