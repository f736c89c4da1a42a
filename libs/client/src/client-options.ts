import type { FactRejection, LedgerUnavailableError } from './errors';
import type { BatchPolicy } from './fact-sender';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './retry-policy';

export interface LedgerClientOptions {
  /** The ledger's base URL, e.g. http://localhost:3000. */
  url: string;
  /** An API key with the emitter (or dpo) role: `plk_…`. */
  apiKey: string;
  /** The emitting system: `client.subject(externalId)` names subjects of it. */
  system?: string;
  /** Batching: up to `maxSize` facts (500) or `maxBytes` of JSON (1 MiB) per request, after at most `intervalMs` (200). */
  batch?: Partial<BatchPolicy>;
  /** Retries of 429, 5xx and network errors: full-jitter backoff from `initialDelayMs` (100) to `maxDelayMs` (10 s), `maxAttempts` (Infinity). */
  retry?: Partial<RetryPolicy>;
  /** How long one request may take before it counts as a network error (and is retried): 30 s. */
  requestTimeoutMs?: number;
  /**
   * A file for the durable outbox (SQLite, needs better-sqlite3): facts are on disk when
   * `record()` resolves and are sent, in order, after a crash of the service or an outage of
   * the ledger. Without it facts wait in memory.
   */
  outbox?: string;
  /** Unsent facts held at most (100,000); past it `record()` waits for room. */
  maxPending?: number;
  /** How long `record()` waits for room before it rejects with LedgerBackpressureError: 30 s. */
  backpressureTimeoutMs?: number;
  /** Called for each fact the ledger refuses (never retried; kept until `clearRejected`). */
  onRejected?: (rejection: FactRejection) => void;
  /** Called before each retry, with the failure and the delay chosen. */
  onRetry?: (failure: LedgerUnavailableError, attempt: number, delayMs: number) => void;
}

export const DEFAULT_BATCH_POLICY: BatchPolicy = { maxSize: 500, maxBytes: 1024 * 1024, intervalMs: 200 };

/** The ledger's own limit on a batch. */
export const LEDGER_MAX_BATCH = 1000;

export interface ResolvedOptions {
  url: string;
  apiKey: string;
  system?: string;
  batch: BatchPolicy;
  retry: RetryPolicy;
  requestTimeoutMs: number;
  outbox?: string;
  maxPending: number;
  backpressureTimeoutMs: number;
}

/** The options with their defaults, or a TypeError naming the first bad one. */
export function resolveOptions(options: LedgerClientOptions): ResolvedOptions {
  const fail = (what: string) => {
    throw new TypeError(`LedgerClient: ${what}`);
  };
  if (typeof options?.url !== 'string' || !URL.canParse(options.url) || !/^https?:$/.test(new URL(options.url).protocol)) {
    fail('url must be an http(s) URL, e.g. http://localhost:3000');
  }
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') fail('apiKey is required (an emitter key, plk_…)');
  const batch = { ...DEFAULT_BATCH_POLICY, ...options.batch };
  const retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const positive = (name: string, value: number, max = Infinity) => {
    if (!(typeof value === 'number' && value > 0 && value <= max)) fail(`${name} must be a number above 0${max < Infinity ? ` and at most ${max}` : ''}`);
  };
  positive('batch.maxSize', batch.maxSize, LEDGER_MAX_BATCH);
  if (!Number.isInteger(batch.maxSize)) fail('batch.maxSize must be an integer');
  positive('batch.maxBytes', batch.maxBytes);
  if (!(batch.intervalMs >= 0)) fail('batch.intervalMs must be 0 or more');
  positive('retry.initialDelayMs', retry.initialDelayMs);
  positive('retry.maxDelayMs', retry.maxDelayMs);
  positive('retry.maxAttempts', retry.maxAttempts);
  const resolved: ResolvedOptions = {
    url: options.url,
    apiKey: options.apiKey,
    system: options.system,
    batch,
    retry,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    outbox: options.outbox,
    maxPending: options.maxPending ?? 100_000,
    backpressureTimeoutMs: options.backpressureTimeoutMs ?? 30_000,
  };
  positive('requestTimeoutMs', resolved.requestTimeoutMs);
  positive('maxPending', resolved.maxPending);
  positive('backpressureTimeoutMs', resolved.backpressureTimeoutMs);
  if (resolved.outbox !== undefined && (typeof resolved.outbox !== 'string' || resolved.outbox === '')) fail('outbox must be a file path');
  return resolved;
}
