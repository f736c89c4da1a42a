import { excludeSystemEvents } from '@eventstore/db-client';
import type { AllStreamResolvedEvent, AllStreamSubscription, Position } from '@eventstore/db-client';
import type { Subscription, SubscriptionMessage } from '../port/event-store.port';
import type { LogPosition } from '../port/log-position';
import type { RecordedEvent } from '../port/recorded-event';
import { type BackoffOptions, backoffDelay } from './backoff';
import { hasCaughtUp } from './caught-up';
import type { EsdbClient } from './esdb-client';
import { OrderedInbox } from './ordered-inbox';
import { toLogPosition, toReadPosition } from './positions';
import { toRecordedEvent } from './recorded-events';
import { isSystemEvent } from './system-events';

export interface EventStoreDbSubscriptionOptions {
  client: Pick<EsdbClient, 'subscribeToAll'>;
  /** Exclusive; from the start when absent. */
  from: LogPosition | undefined;
  /** The newest non-system position in $all (null: none), for servers that never say they caught up. */
  headPosition(): Promise<LogPosition | null>;
  /** How long to wait between such head reads while not caught up. */
  caughtUpProbeMs: number;
  backoff: BackoffOptions;
  /** Messages held for a slow consumer before the client stream is paused. */
  highWaterMark: number;
  /** Told about each failure of the client subscription before it is renewed. */
  onError(error: unknown): void;
  onStop(): void;
}

type Item =
  { kind: 'event'; event: RecordedEvent } | { kind: 'checkpoint'; position: LogPosition } | { kind: 'caught-up' } | { kind: 'failed'; error: unknown };

/**
 * A catch-up subscription to $all on the client's filtered subscription (system events
 * excluded by the server). Events, checkpoints and caught-up signals reach the consumer in the
 * server's order (see OrderedInbox).
 *
 * Caught up: EventStoreDB 23.10 and later say so (the client's 'caughtUp'). Older servers never
 * do, so while no one has said it, the subscription reads the head of $all every
 * `caughtUpProbeMs`; once everything up to that head has arrived, it is caught up.
 *
 * Failures: when the client subscription errors or closes, everything not yet handed to the
 * consumer is dropped and a new client subscription starts after the last position that was
 * (event or checkpoint), after a doubling backoff, until stop(). Nothing is lost or repeated.
 */
export class EventStoreDbSubscription implements Subscription {
  private readonly inbox = new OrderedInbox<Item>();
  private source: AllStreamSubscription | null = null;
  /** The last position handed to the consumer: where a new client subscription starts. */
  private delivered: LogPosition | undefined;
  /** The last position the current client subscription handed over, delivered or not. */
  private received: LogPosition | undefined;
  private caughtUp = false;
  private failures = 0;
  private started = false;
  private stopped = false;
  private wake: (() => void) | null = null;
  private probe: NodeJS.Timeout | null = null;
  private reconnect: NodeJS.Timeout | null = null;

  constructor(private readonly options: EventStoreDbSubscriptionOptions) {
    this.delivered = options.from && options.from.commit >= 0 ? options.from : undefined;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    if (this.started) throw new Error('a subscription can be iterated only once');
    this.started = true;
    this.connect();
    try {
      while (!this.stopped) {
        const item = this.inbox.shift();
        if (item === undefined) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        if (this.source?.isPaused() && this.inbox.size < this.options.highWaterMark / 2) this.source.resume();
        if (item.kind === 'failed') throw item.error;
        yield this.deliver(item);
      }
    } finally {
      await this.stop();
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimers();
    const source = this.source;
    this.source = null;
    this.inbox.clear();
    this.options.onStop();
    this.notify();
    await source?.unsubscribe().catch(() => undefined);
  }

  private deliver(item: Exclude<Item, { kind: 'failed' }>): SubscriptionMessage {
    switch (item.kind) {
      case 'event':
        this.delivered = item.event.position;
        return item;
      case 'checkpoint':
        this.delivered = item.position;
        return item;
      case 'caught-up':
        return { kind: 'caught-up', position: this.delivered ?? null };
    }
  }

  private connect(): void {
    if (this.stopped) return;
    const source: AllStreamSubscription = this.options.client.subscribeToAll({
      fromPosition: toReadPosition(this.delivered),
      filter: excludeSystemEvents({ checkpointReached: (_, position) => this.onCheckpoint(source, position) }),
    });
    this.source = source;
    this.received = this.delivered;
    this.caughtUp = false;
    source.on('data', (resolved: AllStreamResolvedEvent) => this.onData(source, resolved));
    source.on('confirmation', () => (this.failures = 0));
    source.on('caughtUp', () => this.signalCaughtUp(source));
    source.on('fellBehind', () => {
      this.caughtUp = false;
      this.scheduleProbe();
    });
    source.on('error', (error: unknown) => this.renew(source, error));
    source.on('close', () => this.renew(source, new Error('the EventStoreDB subscription closed')));
    this.scheduleProbe();
  }

  private onData(source: AllStreamSubscription, resolved: AllStreamResolvedEvent): void {
    if (source !== this.source) return;
    this.failures = 0;
    this.inbox.take(this.toItem(resolved));
    if (this.inbox.size >= this.options.highWaterMark) source.pause();
    this.notify();
  }

  /** What the consumer gets for one resolved event; null for what it does not see. */
  private toItem({ event }: AllStreamResolvedEvent): Item | null {
    if (event === undefined) return null;
    this.received = toLogPosition(event.position);
    // The server filter already drops $-typed events; this also drops events in $-streams.
    if (isSystemEvent(event.streamId, event.type)) return null;
    try {
      return { kind: 'event', event: toRecordedEvent(event) };
    } catch (error) {
      return { kind: 'failed', error };
    }
  }

  private onCheckpoint(source: AllStreamSubscription, position: Position): void {
    if (source !== this.source) return;
    const checkpoint = toLogPosition(position);
    this.received = checkpoint;
    this.inbox.signal({ kind: 'checkpoint', position: checkpoint }, source.readableLength);
    this.notify();
  }

  private signalCaughtUp(source: AllStreamSubscription): void {
    if (source !== this.source || this.caughtUp) return;
    this.caughtUp = true;
    this.clearProbe();
    this.inbox.signal({ kind: 'caught-up' }, source.readableLength);
    this.notify();
  }

  private scheduleProbe(): void {
    if (this.probe || this.caughtUp || this.stopped) return;
    this.probe = setTimeout(() => void this.runProbe(), this.options.caughtUpProbeMs);
  }

  private async runProbe(): Promise<void> {
    const source = this.source;
    // A failed head read answers nothing; the next probe asks again.
    const head = await this.options.headPosition().then(
      (position) => ({ position }),
      () => undefined,
    );
    this.probe = null;
    if (source === null || source !== this.source || this.caughtUp) return;
    if (head && hasCaughtUp(head.position, this.received)) this.signalCaughtUp(source);
    else this.scheduleProbe();
  }

  private renew(source: AllStreamSubscription, error: unknown): void {
    if (source !== this.source || this.stopped) return;
    this.source = null;
    void source.unsubscribe().catch(() => undefined);
    this.inbox.clear();
    this.clearTimers();
    this.options.onError(error);
    this.failures += 1;
    this.reconnect = setTimeout(
      () => {
        this.reconnect = null;
        this.connect();
      },
      backoffDelay(this.failures, this.options.backoff),
    );
  }

  private clearProbe(): void {
    if (this.probe) clearTimeout(this.probe);
    this.probe = null;
  }

  private clearTimers(): void {
    this.clearProbe();
    if (this.reconnect) clearTimeout(this.reconnect);
    this.reconnect = null;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
