/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … up to 30 s, each ±25 %. */
export function reconnectDelayMs(attempt: number, baseMs = 500, maxMs = 30_000): number {
  const exact = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(exact * (0.75 + Math.random() * 0.5));
}
