import { DEFAULT_BACKOFF, backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from the initial wait up to the cap', () => {
    const options = { initialMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5, 50].map((failures) => backoffDelay(failures, options))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('waits the initial time after the first failure by default', () => {
    expect(backoffDelay(1)).toBe(DEFAULT_BACKOFF.initialMs);
  });
});
