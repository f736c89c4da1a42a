import { DEFAULT_RETRY_POLICY, retryDelay } from '../src';

describe('retryDelay (full jitter)', () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: Infinity };

  it('draws up to a cap that doubles per attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelay(attempt, policy, () => 1))).toEqual([100, 200, 400, 800]);
    expect(retryDelay(3, policy, () => 0.5)).toBe(200);
    expect(retryDelay(3, policy, () => 0)).toBe(0);
  });

  it('stops growing at maxDelayMs', () => {
    expect(retryDelay(5, policy, () => 1)).toBe(1000);
    expect(retryDelay(60, policy, () => 1)).toBe(1000);
    expect(retryDelay(10_000, policy, () => 1)).toBe(1000);
  });

  it("never waits less than the ledger's Retry-After", () => {
    expect(retryDelay(1, policy, () => 0, 3000)).toBe(3000);
    expect(retryDelay(4, policy, () => 1, 300)).toBe(800);
  });

  it('spreads clients over the whole window', () => {
    const draws = Array.from({ length: 1000 }, () => retryDelay(4, policy));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThanOrEqual(800);
    expect(new Set(draws).size).toBeGreaterThan(100);
  });

  it('retries without end by default', () => {
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(Infinity);
  });
});
