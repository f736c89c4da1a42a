import { ANY, BACKWARDS, END, NO_STREAM, START, STREAM_EXISTS, StreamNotFoundError, UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client';
import type {
  AllStreamRecordedEvent,
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendExpectedRevision,
  AppendResult,
  AppendToStreamOptions,
  EventData,
  EventType,
  Filter,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  ResolvedEvent,
  StreamingRead,
  SubscribeToAllOptions,
} from '@eventstore/db-client';
import { Readable } from 'node:stream';
import type { EsdbClient } from '../esdb-client';

export interface InMemoryEsdbOptions {
  /** EventStoreDB 23.10 and later tell a subscription it caught up; older servers never do. */
  reportsCaughtUp?: boolean;
}

interface Stored {
  readonly streamId: string;
  readonly id: string;
  readonly type: string;
  readonly revision: bigint;
  readonly data: string;
  readonly metadata: string | undefined;
  readonly position: Position;
  readonly created: Date;
}

/**
 * An in-memory stand-in for the part of EventStoreDBClient the adapter uses, so the adapter's
 * logic runs in CI. It models the server behaviours the adapter relies on, as EventStoreDB
 * documents them, and nothing more:
 * - expected revisions, and idempotent appends: an exact expected revision the stream has
 *   passed is acknowledged without writing when the events after it have the same ids, and
 *   refused otherwise;
 * - JSON data and metadata kept as text (so they round-trip through JSON like on the wire);
 * - positions: one commit position per append, a prepare position per event; a read of $all
 *   includes the event at its start position, a subscription starts after it;
 * - $all holds system events ($epochs here) that filters and the adapter must skip;
 * - subscriptions: history then live events, a checkpoint where the filter skipped events, and
 *   caughtUp (only with `reportsCaughtUp`), fired while earlier events may still be buffered,
 *   as the real client does.
 * It is not a server: no cluster, no durability, no deadlines.
 */
export class InMemoryEsdbClient implements EsdbClient {
  private readonly streams = new Map<string, Stored[]>();
  private readonly log: Stored[] = [];
  private readonly subscriptions = new Set<InMemorySubscription>();
  private nextPosition = 1_000n;
  private lostResponses = new Set<string>();

  constructor(private readonly options: InMemoryEsdbOptions = {}) {
    this.write('$epochs', [{ id: '00000000-0000-4000-8000-000000000001', type: '$epoch', data: { number: 0 } }]);
  }

  /** The next append to this stream is stored, but its caller gets an error (a lost response). */
  loseNextResponse(streamId: string): void {
    this.lostResponses.add(streamId);
  }

  /** Breaks every live subscription, as a lost connection would. */
  dropSubscriptions(): void {
    for (const subscription of [...this.subscriptions]) subscription.destroy(new UnavailableError());
  }

  /** Stores an event no ledger would write: no envelope in its metadata. */
  writeForeign(streamId: string, type: string): void {
    this.write(streamId, [{ id: '00000000-0000-4000-8000-0000000000ff', type, data: {} }]);
  }

  get liveSubscriptions(): number {
    return this.subscriptions.size;
  }

  async appendToStream<K extends EventType = EventType>(
    streamName: string,
    events: EventData<K> | EventData<K>[],
    { expectedRevision = ANY }: AppendToStreamOptions = {},
  ): Promise<AppendResult> {
    const batch = (Array.isArray(events) ? events : [events]) as EventData[];
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.length - 1;
    const refuse = (): never => {
      throw new WrongExpectedVersionError(undefined, {
        streamName,
        expected: expectedRevision,
        current: current < 0 ? NO_STREAM : BigInt(current),
      });
    };
    const after = idempotentAfter(expectedRevision);
    if (after !== undefined && after < current) {
      const ids = stream.slice(after + 1, after + 1 + batch.length).map((e) => e.id);
      if (ids.length !== batch.length || ids.some((id, i) => id !== batch[i].id)) return refuse();
      return { success: true, nextExpectedRevision: BigInt(current), position: stream[after + batch.length].position };
    }
    if (after !== undefined && after !== current) refuse();
    if (expectedRevision === STREAM_EXISTS && current < 0) refuse();
    const written = this.write(streamName, batch.map(toPlain));
    if (this.lostResponses.delete(streamName)) throw new UnavailableError();
    const last = written[written.length - 1];
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  readStream<K extends EventType = EventType>(
    streamName: string,
    { direction, fromRevision, maxCount = Number.MAX_SAFE_INTEGER }: ReadStreamOptions = {},
  ): StreamingRead<ResolvedEvent<K>> {
    const stream = this.streams.get(streamName);
    if (!stream) return streamingRead<ResolvedEvent<K>>(new StreamNotFoundError(undefined, streamName));
    const count = Number(maxCount);
    let events: Stored[];
    if (direction === BACKWARDS) {
      const from = fromRevision === undefined || fromRevision === END ? stream.length - 1 : Number(fromRevision);
      events = stream.slice(Math.max(0, from - count + 1), from + 1).reverse();
    } else {
      const from = fromRevision === undefined || fromRevision === START ? 0 : Number(fromRevision);
      events = stream.slice(from, from + count);
    }
    return streamingRead(events.map((e) => ({ event: toRecorded(e) }) as unknown as ResolvedEvent<K>));
  }

  readAll({ direction, fromPosition = START, maxCount = Number.MAX_SAFE_INTEGER }: ReadAllOptions = {}): StreamingRead<AllStreamResolvedEvent> {
    let events: Stored[];
    if (direction === BACKWARDS) {
      events = fromPosition === END || fromPosition === START ? [...this.log] : this.log.filter((e) => before(e.position, fromPosition));
      events.reverse();
    } else {
      events = fromPosition === START ? this.log : fromPosition === END ? [] : this.log.filter((e) => !before(e.position, fromPosition));
    }
    return streamingRead(events.slice(0, Number(maxCount)).map((e) => ({ event: toRecorded(e) })));
  }

  subscribeToAll({ fromPosition = START, filter }: SubscribeToAllOptions = {}): AllStreamSubscription {
    const subscription = new InMemorySubscription(filter, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    const history = fromPosition === END ? [] : fromPosition === START ? [...this.log] : this.log.filter((e) => before(fromPosition, e.position));
    setImmediate(() => subscription.start(history, this.options.reportsCaughtUp ?? true));
    return subscription as unknown as AllStreamSubscription;
  }

  async dispose(): Promise<void> {
    for (const subscription of [...this.subscriptions]) await subscription.unsubscribe();
  }

  private write(streamId: string, events: { id: string; type: string; data: unknown; metadata?: unknown }[]): Stored[] {
    const stream = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stream);
    const commit = this.nextPosition;
    const written = events.map((e) => {
      const stored: Stored = {
        streamId,
        id: e.id,
        type: e.type,
        revision: BigInt(stream.length),
        data: JSON.stringify(e.data),
        metadata: e.metadata === undefined ? undefined : JSON.stringify(e.metadata),
        position: { commit, prepare: this.nextPosition },
        created: new Date(),
      };
      this.nextPosition += 100n;
      stream.push(stored);
      this.log.push(stored);
      return stored;
    });
    for (const subscription of this.subscriptions) subscription.live(written);
    return written;
  }
}

/** The revision after which an exact expectation wants the events (idempotency applies); undefined for any/stream_exists. */
function idempotentAfter(expected: AppendExpectedRevision): number | undefined {
  if (expected === NO_STREAM) return -1;
  return typeof expected === 'bigint' ? Number(expected) : undefined;
}

const before = (a: Position, b: Position): boolean => a.commit < b.commit || (a.commit === b.commit && a.prepare < b.prepare);

function toPlain(event: EventData): { id: string; type: string; data: unknown; metadata?: unknown } {
  if (event.contentType !== 'application/json') throw new Error('the in-memory client stores JSON events only');
  return { id: event.id, type: event.type, data: event.data, metadata: event.metadata };
}

function toRecorded(e: Stored): AllStreamRecordedEvent {
  return {
    streamId: e.streamId,
    id: e.id,
    revision: e.revision,
    type: e.type,
    created: e.created,
    isJson: true,
    data: JSON.parse(e.data),
    metadata: e.metadata === undefined ? undefined : JSON.parse(e.metadata),
    position: e.position,
  } as AllStreamRecordedEvent;
}

function streamingRead<T>(items: T[] | Error): StreamingRead<T> {
  const readable = Array.isArray(items)
    ? Readable.from(items)
    : new Readable({
        objectMode: true,
        read() {
          this.destroy(items);
        },
      });
  return Object.assign(readable, { cancel: async () => void readable.destroy() }) as unknown as StreamingRead<T>;
}

/** The client's subscription: a readable of resolved events that also emits confirmation and caughtUp. */
class InMemorySubscription extends Readable {
  private started = false;
  private pending: Stored[] = [];

  constructor(
    private readonly eventFilter: Filter | undefined,
    private readonly onEnd: () => void,
  ) {
    super({ objectMode: true });
    this.once('close', onEnd);
  }

  override _read(): void {}

  start(history: Stored[], reportsCaughtUp: boolean): void {
    if (this.destroyed) return;
    this.started = true;
    this.emit('confirmation');
    this.deliver([...history, ...this.pending]);
    this.pending = [];
    if (reportsCaughtUp) this.emit('caughtUp');
  }

  live(events: Stored[]): void {
    if (this.started) this.deliver(events);
    else this.pending.push(...events);
  }

  async unsubscribe(): Promise<void> {
    if (!this.destroyed) this.push(null);
    this.onEnd();
  }

  private deliver(events: Stored[]): void {
    let skipped: Stored | undefined;
    for (const event of events) {
      if (this.passes(event)) {
        skipped = undefined;
        this.push({ event: toRecorded(event) });
      } else {
        skipped = event;
      }
    }
    if (skipped) void this.eventFilter?.checkpointReached?.(this as unknown as AllStreamSubscription, skipped.position);
  }

  private passes(event: Stored): boolean {
    if (!this.eventFilter) return true;
    if (!('regex' in this.eventFilter)) throw new Error('the in-memory client filters by regex only');
    return new RegExp(this.eventFilter.regex).test(this.eventFilter.filterOn === 'streamName' ? event.streamId : event.type);
  }
}
