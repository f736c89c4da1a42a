import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { LedgerConfig } from '@ledger/config';
import { FixedWindowStorage } from './fixed-window-storage';

/** LEDGER_RATE_LIMIT requests per LEDGER_RATE_LIMIT_WINDOW_SECONDS per key; then 429 with Retry-After. */
export const throttlerOptions = ({ rateLimit }: LedgerConfig): ThrottlerModuleOptions => ({
  throttlers: [{ limit: rateLimit.limit, ttl: rateLimit.windowSeconds * 1000 }],
  storage: new FixedWindowStorage(),
  errorMessage: (_context, { timeToBlockExpire }) =>
    `rate limit exceeded: at most ${rateLimit.limit} requests per ${rateLimit.windowSeconds} s per API key; retry in ${timeToBlockExpire} s`,
});
