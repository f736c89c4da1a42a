import { MAX_APPEND_ATTEMPTS, shouldRetryAppend } from './append-retry';

describe('shouldRetryAppend', () => {
  it("retries a lost race while the caller's expectation still holds", () => {
    expect(shouldRetryAppend(1, 'any', 7)).toBe(true);
    expect(shouldRetryAppend(1, 'stream_exists', 7)).toBe(true);
    expect(shouldRetryAppend(1, 7, 7)).toBe(true);
  });

  it('gives the conflict back when the stream has moved past what the caller expected', () => {
    expect(shouldRetryAppend(1, 6, 7)).toBe(false);
    expect(shouldRetryAppend(1, 'no_stream', 0)).toBe(false);
    expect(shouldRetryAppend(1, 'stream_exists', undefined)).toBe(false);
  });

  it('stops after the last attempt', () => {
    expect(shouldRetryAppend(MAX_APPEND_ATTEMPTS - 1, 'any', 7)).toBe(true);
    expect(shouldRetryAppend(MAX_APPEND_ATTEMPTS, 'any', 7)).toBe(false);
    expect(shouldRetryAppend(2, 'any', 7, 2)).toBe(false);
  });
});
