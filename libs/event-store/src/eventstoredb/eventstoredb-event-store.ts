import { BACKWARDS, END, FORWARDS } from '@eventstore/db-client';
import type { ResolvedEvent, StreamingRead } from '@eventstore/db-client';
import { checkWrite } from '../port/check-write';
import { IdempotencyConflictError, StoreClosedError, WrongExpectedRevisionError } from '../port/event-store-errors';
import type { AppendOptions, EventStore, ReadAllOptions, ReadStreamOptions, StreamWrite, SubscribeOptions, Subscription } from '../port/event-store.port';
import { type ExpectedRevision, meetsExpectation } from '../port/expected-revision';
import { type LogPosition, isAfter } from '../port/log-position';
import type { AppendResult, NewEvent, RecordedEvent } from '../port/recorded-event';
import { toAppendResult } from './append-results';
import { MAX_APPEND_ATTEMPTS, shouldRetryAppend } from './append-retry';
import { type BackoffOptions, DEFAULT_BACKOFF } from './backoff';
import { type StreamHead, chainEvents } from './chained-events';
import { actualRevisionOf, isStreamNotFound, isWrongExpectedVersion, toWrongExpectedRevision } from './client-errors';
import type { EsdbClient } from './esdb-client';
import { EventStoreDbSubscription } from './eventstoredb-subscription';
import { KeyedSerializer } from './keyed-serializer';
import { toLogPosition, toReadPosition } from './positions';
import { toRecordedEvent } from './recorded-events';
import { checkReservedNames } from './reserved-names';
import { expectationAt, toClientExpectedRevision, toReadRevision, toRevision } from './revisions';
import { isSystemEvent } from './system-events';
import { type Claim, claimEventData, claimStreamOf, claimsFor, isSameWrite, movedTo, parseClaim, writeDigest } from './write-claims';

export interface EventStoreDbEventStoreOptions {
  /** The store owns the client and disposes of it on close(). */
  client: EsdbClient;
  /** The ledger clock, for recordedAt. */
  now?: () => Date;
  /** How often a subscription reads the head of $all while the server has not said it caught up. */
  caughtUpProbeMs?: number;
  /** Waits before a dropped subscription is renewed. */
  subscriptionBackoff?: BackoffOptions;
  /** Told about every failure of a subscription's connection (it is renewed regardless). */
  onSubscriptionError?: (error: unknown) => void;
}

interface StoredClaim {
  readonly claim: Claim;
  /** The claim stream's revision, to move the claim with optimistic concurrency. */
  readonly revision: number;
}

// Claims of one write are created this many at a time: enough to overlap round trips, few
// enough that a thousand-event append does not queue a thousand calls against their deadlines.
const CLAIM_CONCURRENCY = 64;
const SUBSCRIPTION_HIGH_WATER_MARK = 1_000;

/**
 * The event store on EventStoreDB (@eventstore/db-client): one EventStoreDB stream per ledger
 * stream, $all as the log. What it adds to the server:
 *
 * - The hash chain, as in the SQLite store. An append reads the stream's last event for its
 *   hash and appends with exactly that event's revision as the expected one, so the chain cannot
 *   fork; losing that race to another writer means re-reading and retrying, where the caller's
 *   own expectation still allows it. The ledger's fields (recordedAt, prevHash, hash, the port's
 *   id) live in the event metadata under `$ledger` and are stripped on read.
 * - Idempotency by event id, through claim streams (see write-claims.ts for the design and its
 *   limits).
 * - No multi-stream atomicity: appendMany writes one stream after the other (see appendMany).
 */
export class EventStoreDbEventStore implements EventStore {
  readonly name = 'eventstoredb';
  readonly atomicMultiStreamAppend = false;

  private readonly client: EsdbClient;
  private readonly now: () => Date;
  private readonly writes = new KeyedSerializer();
  private readonly subscriptions = new Set<EventStoreDbSubscription>();
  private closed = false;

  constructor(private readonly options: EventStoreDbEventStoreOptions) {
    this.client = options.client;
    this.now = options.now ?? (() => new Date());
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    return this.appendMany([{ streamId, events, expectedRevision: options.expectedRevision }]).then((r) => r[0]);
  }

  /**
   * Validates every write, then appends them one after the other. Not atomic: a failure or a
   * crash part-way leaves the writes before it stored. Retrying the same batch with the same
   * event ids completes it: the stored writes come back as duplicates, the rest is appended.
   */
  async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    if (this.closed) throw new StoreClosedError();
    for (const write of writes) {
      checkWrite(write);
      checkReservedNames(write);
    }
    const results: AppendResult[] = [];
    for (const write of writes) results.push(await this.writes.run(write.streamId, () => this.appendWrite(write)));
    return results;
  }

  private async appendWrite({ streamId, events, expectedRevision = 'any' }: StreamWrite): Promise<AppendResult> {
    if (events.length === 0) return this.appendNothing(streamId, expectedRevision);
    const digest = writeDigest(streamId, events);
    for (let attempt = 1; ; attempt++) {
      const [head, leader] = await Promise.all([this.readHead(streamId), this.readClaim(events[0].id)]);
      if (leader) {
        if (!isSameWrite(leader.claim, { stream: streamId, write: digest, index: 0 })) {
          throw new IdempotencyConflictError(events[0].id);
        }
        // An earlier attempt reserved this write's place; if it is stored, it is stored there.
        const stored = await this.readWritten(streamId, leader.claim.expected, events, digest);
        if (stored) return toAppendResult(streamId, stored, true);
      }
      if (!meetsExpectation(expectedRevision, head?.revision)) {
        throw new WrongExpectedRevisionError(streamId, expectedRevision, head?.revision);
      }
      const at = head?.revision ?? -1;
      if (!(await this.reserve(streamId, events, at, leader))) {
        // A concurrent attempt of this same write changed its claims first: look again.
        if (attempt < MAX_APPEND_ATTEMPTS) continue;
        throw new WrongExpectedRevisionError(streamId, expectedRevision, head?.revision);
      }
      const chained = chainEvents(streamId, events, head, this.now().toISOString());
      try {
        await this.client.appendToStream(
          streamId,
          chained.map((c) => c.eventData),
          { expectedRevision: toClientExpectedRevision(expectationAt(head?.revision)) },
        );
      } catch (error) {
        if (!isWrongExpectedVersion(error)) throw error;
        if (shouldRetryAppend(attempt, expectedRevision, actualRevisionOf(error))) continue;
        throw toWrongExpectedRevision(error, streamId, expectedRevision);
      }
      const stored = await this.readWritten(streamId, at, events, digest);
      if (!stored) throw new Error(`stream ${streamId}: the acknowledged append is not at revision ${at + 1}`);
      // Acknowledged without being ours: a concurrent attempt of this write stored it first.
      return toAppendResult(streamId, stored, stored[0].hash !== chained[0].hash);
    }
  }

  private async appendNothing(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const head = await this.readHead(streamId);
    if (!meetsExpectation(expected, head?.revision)) throw new WrongExpectedRevisionError(streamId, expected, head?.revision);
    return { streamId, events: [], nextExpectedRevision: head?.revision ?? -1, duplicate: false };
  }

  /**
   * Claims every event id for this write, with the first claim reserving the place after `at`.
   * False when a concurrent attempt of the same write got to the first claim first.
   */
  private async reserve(streamId: string, events: readonly NewEvent[], at: number, leader: StoredClaim | undefined): Promise<boolean> {
    const claims = claimsFor(streamId, events, at);
    if (leader === undefined) {
      if (!(await this.createClaim(events[0].id, claims[0]))) return false;
    } else if (leader.claim.expected !== at) {
      // The reserved place holds other events now (readWritten did not find ours there): move on.
      if (!(await this.putClaim(events[0].id, movedTo(leader.claim, at), leader.revision))) return false;
    }
    for (let i = 1; i < events.length; i += CLAIM_CONCURRENCY) {
      const batch = events.slice(i, i + CLAIM_CONCURRENCY);
      await Promise.all(batch.map((event, j) => this.createClaim(event.id, claims[i + j])));
    }
    return true;
  }

  /**
   * Creates an event's claim, or accepts the one a former attempt of the same write made; a
   * claim for anything else is a conflict. False when the first event's claim existed already:
   * a concurrent attempt of this write is ahead, and the caller looks again.
   */
  private async createClaim(eventId: string, claim: Claim): Promise<boolean> {
    if (await this.putClaim(eventId, claim, 'no_stream')) return true;
    const existing = await this.readClaim(eventId);
    if (!existing || !isSameWrite(existing.claim, claim)) throw new IdempotencyConflictError(eventId);
    return claim.index !== 0;
  }

  private async putClaim(eventId: string, claim: Claim, expected: ExpectedRevision): Promise<boolean> {
    try {
      await this.client.appendToStream(claimStreamOf(eventId), claimEventData(claim), {
        expectedRevision: toClientExpectedRevision(expected),
      });
      return true;
    } catch (error) {
      if (isWrongExpectedVersion(error)) return false;
      throw error;
    }
  }

  private async readClaim(eventId: string): Promise<StoredClaim | undefined> {
    const stream = claimStreamOf(eventId);
    for await (const { event } of this.lastOf(stream)) {
      if (event) return { claim: parseClaim(event.data, `claim ${stream}@${event.revision}`), revision: toRevision(event.revision) };
    }
    return undefined;
  }

  private async readHead(streamId: string): Promise<StreamHead | undefined> {
    for await (const { event } of this.lastOf(streamId)) {
      if (event) {
        const { revision, hash } = toRecordedEvent(event);
        return { revision, hash };
      }
    }
    return undefined;
  }

  /** The last event of a stream, read from the leader: a follower may lag behind the writes we decide on. */
  private async *lastOf(streamId: string): AsyncGenerator<ResolvedEvent> {
    yield* this.readClient(this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1, requiresLeader: true }));
  }

  /** This write's events where its reservation put them (right after `expected`), or undefined when they are not there. */
  private async readWritten(streamId: string, expected: number, events: readonly NewEvent[], digest: string): Promise<RecordedEvent[] | undefined> {
    const read = this.client.readStream(streamId, {
      fromRevision: BigInt(expected + 1),
      maxCount: events.length,
      requiresLeader: true,
    });
    const stored: RecordedEvent[] = [];
    for await (const { event } of this.readClient(read)) if (event) stored.push(toRecordedEvent(event));
    if (stored[0]?.id !== events[0].id) return undefined;
    if (stored.length !== events.length || writeDigest(streamId, stored) !== digest) {
      throw new Error(`stream ${streamId}: the events at revision ${expected + 1} are not the write claimed for them`);
    }
    return stored;
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const direction = options.direction ?? 'forwards';
    if (options.maxCount === 0) return;
    const read = this.client.readStream(streamId, {
      direction: direction === 'backwards' ? BACKWARDS : FORWARDS,
      fromRevision: toReadRevision(options.fromRevision, direction),
      maxCount: options.maxCount,
    });
    for await (const { event } of this.readClient(read)) if (event) yield toRecordedEvent(event);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (remaining <= 0) return;
    const from = options.fromPosition;
    // maxCount is not passed on: the server would count the system events this skips.
    const read = this.client.readAll({ direction: FORWARDS, fromPosition: toReadPosition(from) });
    for await (const { event } of this.readClient(read)) {
      if (!event || isSystemEvent(event.streamId, event.type)) continue;
      // A read of $all includes the event at its start position; the port's fromPosition is exclusive.
      if (from && !isAfter(toLogPosition(event.position), from)) continue;
      yield toRecordedEvent(event);
      if (--remaining === 0) return;
    }
  }

  /** The newest ledger event's position: $all read backwards, past system events and claims. */
  async headPosition(): Promise<LogPosition | null> {
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END });
    for await (const { event } of this.readClient(read)) {
      if (event && !isSystemEvent(event.streamId, event.type)) return toLogPosition(event.position);
    }
    return null;
  }

  /**
   * Iterates a client read: a stream that does not exist reads as empty, and a read left early
   * is cancelled on the server rather than left to stall.
   */
  private async *readClient<T>(read: StreamingRead<T>): AsyncGenerator<T> {
    try {
      for await (const item of read) yield item;
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
    } finally {
      if (!read.readableEnded) await read.cancel();
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    if (this.closed) throw new StoreClosedError();
    const subscription: EventStoreDbSubscription = new EventStoreDbSubscription({
      client: this.client,
      from: options.fromPosition,
      headPosition: () => this.headPosition(),
      caughtUpProbeMs: this.options.caughtUpProbeMs ?? 500,
      backoff: this.options.subscriptionBackoff ?? DEFAULT_BACKOFF,
      highWaterMark: SUBSCRIPTION_HIGH_WATER_MARK,
      onError: this.options.onSubscriptionError ?? (() => undefined),
      onStop: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }
}
