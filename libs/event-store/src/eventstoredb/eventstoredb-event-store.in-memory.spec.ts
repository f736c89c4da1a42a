import { randomUUID } from 'node:crypto';
import { describeEventStoreConformance } from '../conformance/event-store.conformance';
import { IdempotencyConflictError, InvalidAppendError, WrongExpectedRevisionError } from '../port/event-store-errors';
import type { EventStore, Subscription, SubscriptionMessage } from '../port/event-store.port';
import { comparePositions } from '../port/log-position';
import type { NewEvent } from '../port/recorded-event';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { ForeignEventError } from './ledger-envelope';
import { InMemoryEsdbClient, type InMemoryEsdbOptions } from './testing/in-memory-esdb-client';

// The adapter's own logic, without a server: the in-memory client models the EventStoreDB
// behaviours the adapter relies on (see testing/in-memory-esdb-client.ts). The same suite runs
// against a real server in eventstoredb-event-store.spec.ts.
const open = (options: InMemoryEsdbOptions = {}) => {
  const client = new InMemoryEsdbClient(options);
  const store = new EventStoreDbEventStore({
    client,
    now: () => new Date('2024-03-01T10:00:00.000Z'),
    caughtUpProbeMs: 10,
    subscriptionBackoff: { initialMs: 5, maxMs: 20 },
  });
  return { client, store };
};

describeEventStoreConformance('eventstoredb adapter on an in-memory client', {
  open: async () => open().store,
  dispose: (store) => store.close(),
});

describeEventStoreConformance('eventstoredb adapter on an in-memory client of a server before 23.10', {
  open: async () => open({ reportsCaughtUp: false }).store,
  dispose: (store) => store.close(),
});

const event = (data: Record<string, unknown> = {}, id: string = randomUUID()): NewEvent => ({ id, type: 'Tested', data });

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};

async function take(subscription: Subscription, enough: (seen: SubscriptionMessage[]) => boolean): Promise<SubscriptionMessage[]> {
  const seen: SubscriptionMessage[] = [];
  const timer = setTimeout(() => void subscription.stop(), 5_000);
  for await (const message of subscription) {
    seen.push(message);
    if (enough(seen)) break;
  }
  clearTimeout(timer);
  return seen;
}

const eventTypes = (messages: SubscriptionMessage[]) => messages.flatMap((m) => (m.kind === 'event' ? [m.event.type] : []));

describe('EventStoreDbEventStore on an in-memory client', () => {
  let client: InMemoryEsdbClient;
  let store: EventStore;

  beforeEach(() => {
    ({ client, store } = open());
  });
  afterEach(() => store.close());

  describe('idempotency', () => {
    it('answers a retry after a lost response with the stored events, and stores them once', async () => {
      const s = `s-${randomUUID()}`;
      const events = [event({ a: 1 }), event({ a: 2 })];
      client.loseNextResponse(s);
      await expect(store.append(s, events, { expectedRevision: 'no_stream' })).rejects.toThrow();
      const retried = await store.append(s, events, { expectedRevision: 'no_stream' });
      expect(retried.duplicate).toBe(true);
      expect(retried.events.map((e) => e.revision)).toEqual([0, 1]);
      expect(await collect(store.readStream(s))).toHaveLength(2);
    });

    it('finds a retried write where it was reserved although the stream moved on since', async () => {
      const s = `s-${randomUUID()}`;
      const original = event({ original: true });
      client.loseNextResponse(s);
      await expect(store.append(s, [original])).rejects.toThrow();
      await store.append(s, [event()]);
      const retried = await store.append(s, [original]);
      expect(retried).toMatchObject({ duplicate: true, nextExpectedRevision: 0 });
    });

    it('refuses an id reused as a later event of another write', async () => {
      const s = `s-${randomUUID()}`;
      const shared = event();
      await store.append(s, [event(), shared]);
      await expect(store.append(s, [event(), shared])).rejects.toBeInstanceOf(IdempotencyConflictError);
      expect(await collect(store.readStream(s))).toHaveLength(2);
    });

    it('takes ids that are not UUIDs and gives them back as they were', async () => {
      const s = `s-${randomUUID()}`;
      const id = `shred-${randomUUID()}`;
      await store.append(s, [event({}, id)]);
      expect((await store.append(s, [event({}, id)])).duplicate).toBe(true);
      expect((await collect(store.readStream(s)))[0].id).toBe(id);
    });

    it('completes a half-written batch when the same batch is retried', async () => {
      const [a, b] = [`a-${randomUUID()}`, `b-${randomUUID()}`];
      const batch = [
        { streamId: a, events: [event()] },
        { streamId: b, events: [event()] },
      ];
      client.loseNextResponse(b);
      await expect(store.appendMany(batch)).rejects.toThrow();
      const results = await store.appendMany(batch);
      expect(results.map((r) => r.duplicate)).toEqual([true, true]);
      const c = `c-${randomUUID()}`;
      const fresh = await store.appendMany([batch[0], { streamId: c, events: [event()] }]);
      expect(fresh.map((r) => r.duplicate)).toEqual([true, false]);
    });
  });

  describe('the envelope', () => {
    it('keeps the ledger fields out of the metadata the caller reads back', async () => {
      const s = `s-${randomUUID()}`;
      await store.append(s, [{ ...event(), metadata: { actor: 'dpo' } }]);
      const [read] = await collect(store.readStream(s));
      expect(read.metadata).toEqual({ actor: 'dpo' });
      expect(read.recordedAt).toBe('2024-03-01T10:00:00.000Z');
    });

    it.each([
      ['a $-prefixed stream', { streamId: '$system', events: [event()] }],
      ['a claim stream', { streamId: 'ledger-claim-x', events: [event()] }],
      ['a $-prefixed event type', { streamId: 's', events: [{ ...event(), type: '$Tested' }] }],
      ['a $ledger metadata key', { streamId: 's', events: [{ ...event(), metadata: { $ledger: 1 } }] }],
    ])('refuses %s before writing anything', async (_, write) => {
      await expect(store.appendMany([write])).rejects.toBeInstanceOf(InvalidAppendError);
    });

    it('fails a read that meets an event the ledger did not write', async () => {
      const s = `s-${randomUUID()}`;
      client.writeForeign(s, 'SomethingElse');
      await expect(collect(store.readStream(s))).rejects.toBeInstanceOf(ForeignEventError);
    });
  });

  describe('concurrency', () => {
    it('refuses an exact expectation that another writer has passed', async () => {
      const s = `s-${randomUUID()}`;
      await store.append(s, [event()]);
      const error = await store.append(s, [event()], { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ actual: 0 });
    });

    it('checks the expectation of an empty append without writing', async () => {
      const s = `s-${randomUUID()}`;
      expect(await store.append(s, [], { expectedRevision: 'no_stream' })).toMatchObject({ nextExpectedRevision: -1 });
      await expect(store.append(s, [], { expectedRevision: 0 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    });
  });

  describe('two processes on one server', () => {
    const second = (clock: string) => new EventStoreDbEventStore({ client, now: () => new Date(clock) });

    it('stores a write that both send at once one time, and tells one of them it was a duplicate', async () => {
      const other = second('2024-03-01T11:00:00.000Z');
      const s = `s-${randomUUID()}`;
      const events = [event({ a: 1 }), event({ a: 2 })];
      const results = await Promise.all([store.append(s, events), other.append(s, events)]);
      expect(results[0].events).toEqual(results[1].events);
      expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
      expect(await collect(store.readStream(s))).toHaveLength(2);
      await other.close();
    });

    it('retries lost races for the head where the caller accepts any revision, keeping one chain', async () => {
      const other = second('2024-03-01T11:00:00.000Z');
      const s = `s-${randomUUID()}`;
      await Promise.all([store, other].flatMap((writer, w) => Array.from({ length: 20 }, (_, i) => writer.append(s, [event({ w, i })]))));
      const stored = await collect(store.readStream(s));
      expect(stored.map((e) => e.revision)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      for (let i = 1; i < stored.length; i++) expect(stored[i].prevHash).toBe(stored[i - 1].hash);
      await other.close();
    });
  });

  describe('reading $all', () => {
    it('skips system events and idempotency claims', async () => {
      const s = `s-${randomUUID()}`;
      await store.append(s, [event(), event()]);
      const all = await collect(store.readAll());
      expect(all.map((e) => e.streamId)).toEqual([s, s]);
      expect(await collect(store.readAll({ maxCount: 1 }))).toHaveLength(1);
      expect(comparePositions((await store.headPosition())!, all[1].position)).toBe(0);
    });

    it('has no head while it holds no ledger event', async () => {
      expect(await store.headPosition()).toBeNull();
    });
  });

  describe('subscriptions', () => {
    it('resubscribes after the connection drops, from the last event it delivered', async () => {
      const s = `s-${randomUUID()}`;
      await store.append(s, [
        { ...event(), type: 'A' },
        { ...event(), type: 'B' },
      ]);
      const subscription = store.subscribeToAll();
      let dropped = false;
      const seen = await take(subscription, (messages) => {
        if (!dropped && messages.some((m) => m.kind === 'caught-up')) {
          dropped = true;
          client.dropSubscriptions();
          void store.append(s, [{ ...event(), type: 'C' }]);
        }
        return eventTypes(messages).includes('C');
      });
      await subscription.stop();
      expect(eventTypes(seen)).toEqual(['A', 'B', 'C']);
    });

    it('delivers the checkpoints of skipped events in order, after the events before them', async () => {
      const s = `s-${randomUUID()}`;
      await store.append(s, [event(), event(), event()]);
      client.writeForeign('$stats-127.0.0.1:2113', '$statsCollected');
      const subscription = store.subscribeToAll();
      const seen = await take(subscription, (messages) => messages.some((m) => m.kind === 'caught-up'));
      await subscription.stop();
      const kinds = seen.map((m) => m.kind);
      expect(kinds).toEqual(['event', 'event', 'event', 'checkpoint', 'caught-up']);
      const [last, checkpoint] = [seen[2], seen[3]];
      if (last.kind !== 'event' || checkpoint.kind !== 'checkpoint') throw new Error('unexpected messages');
      expect(comparePositions(checkpoint.position, last.event.position)).toBeGreaterThan(0);
      expect(seen[4]).toEqual({ kind: 'caught-up', position: checkpoint.position });
    });

    it('ends the client subscription when stopped', async () => {
      const subscription = store.subscribeToAll();
      await take(subscription, (messages) => messages.some((m) => m.kind === 'caught-up'));
      await subscription.stop();
      expect(client.liveSubscriptions).toBe(0);
    });
  });
});
