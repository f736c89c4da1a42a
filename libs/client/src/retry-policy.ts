/** How the client retries a batch the ledger could not take now (network error, timeout, 429, 5xx). */
export interface RetryPolicy {
  /** The cap of the first retry's delay. */
  initialDelayMs: number;
  /** The largest cap; the delay grows by doubling until it reaches it. */
  maxDelayMs: number;
  /** Attempts per batch before its facts are rejected; Infinity (the default) retries until the ledger is back. */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { initialDelayMs: 100, maxDelayMs: 10_000, maxAttempts: Infinity };

/**
 * The delay before retry number `attempt` (1 for the first): "full jitter", a uniformly random
 * delay up to a cap that doubles per attempt, so that many clients coming back after an outage
 * do not all knock at once; never shorter than the ledger's Retry-After.
 */
export function retryDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random, retryAfterMs = 0): number {
  const cap = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(Math.round(random() * cap), retryAfterMs);
}
