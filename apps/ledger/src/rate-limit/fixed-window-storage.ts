import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  hits: number;
  resetsAt: number;
  blockedUntil: number;
}

/** Forget idle trackers once this many are held. */
const SWEEP_AT = 10_000;

/**
 * A fixed-window request counter per tracker, O(1) per request. The throttler's default store
 * keeps a timestamp per request and filters them all on every request, which costs too much
 * on the ingestion path at generous limits. It reads the wall clock, not the ledger's CLOCK:
 * rate limiting is about real time even when LEDGER_NOW freezes the ledger's.
 */
export class FixedWindowStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();

  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window) {
      if (this.windows.size >= SWEEP_AT) this.sweep(now);
      window = { hits: 0, resetsAt: now + ttl, blockedUntil: 0 };
      this.windows.set(key, window);
    }
    const seconds = (until: number) => Math.max(1, Math.ceil((until - now) / 1000));
    if (window.blockedUntil > now) {
      return { totalHits: window.hits, timeToExpire: seconds(window.resetsAt), isBlocked: true, timeToBlockExpire: seconds(window.blockedUntil) };
    }
    if (window.resetsAt <= now) {
      window.hits = 0;
      window.resetsAt = now + ttl;
    }
    window.hits += 1;
    if (window.hits > limit) {
      window.blockedUntil = now + blockDuration;
      return { totalHits: window.hits, timeToExpire: seconds(window.resetsAt), isBlocked: true, timeToBlockExpire: seconds(window.blockedUntil) };
    }
    return { totalHits: window.hits, timeToExpire: seconds(window.resetsAt), isBlocked: false, timeToBlockExpire: 0 };
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.resetsAt <= now && window.blockedUntil <= now) this.windows.delete(key);
    }
  }
}
