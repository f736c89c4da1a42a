import type { EventEmitter } from 'node:events';
import type { Subscription, SubscriptionMessage } from '../port/event-store.port';
import { positionOf } from '../port/log-position';
import type { RecordedEvent } from '../port/recorded-event';

export interface PostgresSubscriptionOptions {
  from: number;
  pageSize: number;
  pollIntervalMs: number;
  readPage(after: number, limit: number): Promise<RecordedEvent[]>;
  /** Emits 'appended' after this process's commits and on every NOTIFY from another process. */
  notifier: EventEmitter;
  onStop(): void;
}

/**
 * Catch-up subscription over the PostgreSQL log: pages through history by position, says when
 * it has caught up, then waits to be woken (this process's commits, LISTEN/NOTIFY from others,
 * and a poll in case a notification was lost while the listening connection was down) and reads
 * on. Reading `position > last` is complete because positions become visible in order (see
 * log-lock.ts). A failed read ends the iteration with the error; the caller resumes from its
 * checkpoint (the projection runner does).
 */
export class PostgresSubscription implements Subscription {
  private stopped = false;
  private pending = false;
  private wake: (() => void) | null = null;
  private readonly poll: NodeJS.Timeout;

  constructor(private readonly options: PostgresSubscriptionOptions) {
    options.notifier.on('appended', this.signal);
    this.poll = setInterval(this.signal, options.pollIntervalMs);
    this.poll.unref();
  }

  private readonly signal = (): void => {
    this.pending = true;
    const wake = this.wake;
    this.wake = null;
    wake?.();
  };

  async *[Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    let after = this.options.from;
    let caughtUp = false;
    try {
      while (!this.stopped) {
        this.pending = false;
        const events = await this.options.readPage(after, this.options.pageSize);
        for (const event of events) {
          if (this.stopped) return;
          yield { kind: 'event', event };
          after = event.position.commit;
        }
        if (events.length > 0) {
          caughtUp = false;
          continue;
        }
        if (this.stopped) return;
        if (!caughtUp) {
          caughtUp = true;
          yield { kind: 'caught-up', position: after > 0 ? positionOf(after) : null };
          continue;
        }
        if (!this.pending) await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      await this.stop();
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.poll);
    this.options.notifier.off('appended', this.signal);
    this.options.onStop();
    this.signal();
  }
}
