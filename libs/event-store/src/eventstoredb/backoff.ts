export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 100, maxMs: 5_000 };

/** The wait before reconnecting after `failures` failures in a row (1 or more): doubling, capped. */
export function backoffDelay(failures: number, { initialMs, maxMs }: BackoffOptions = DEFAULT_BACKOFF): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, failures - 1));
}
