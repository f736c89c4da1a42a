import type { EventEmitter } from 'node:events';
import type { Subscription, SubscriptionMessage } from '../port/event-store.port';
import { positionOf } from '../port/log-position';
import type { RecordedEvent } from '../port/recorded-event';

export interface SqliteSubscriptionOptions {
  from: number;
  pageSize: number;
  pollIntervalMs: number;
  readPage(after: number, limit: number): RecordedEvent[];
  /** Emits 'appended' after each commit of this process. */
  notifier: EventEmitter;
  onStop(): void;
}

/**
 * Catch-up subscription over the embedded log: pages through history, says when it has caught
 * up, then waits for commits (notified in-process, polled for other processes) and reads on.
 * It reads the store every time; nothing is handed over in memory, so nothing can be lost.
 */
export class SqliteSubscription implements Subscription {
  private stopped = false;
  private pending = false;
  private wake: (() => void) | null = null;
  private readonly poll: NodeJS.Timeout;

  constructor(private readonly options: SqliteSubscriptionOptions) {
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
        const events = this.options.readPage(after, this.options.pageSize);
        for (const event of events) {
          if (this.stopped) return;
          yield { kind: 'event', event };
          after = event.position.commit;
        }
        if (events.length > 0) {
          caughtUp = false;
          continue;
        }
        if (!caughtUp) {
          caughtUp = true;
          yield { kind: 'caught-up', position: after > 0 ? positionOf(after) : null };
          continue;
        }
        if (!this.pending && !this.stopped) await new Promise<void>((resolve) => (this.wake = resolve));
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
