import { randomUUID } from 'node:crypto';
import { eventHash } from '../chain/event-hash';
import { canonicalJson } from '../chain/canonical-json';
import { IdempotencyConflictError, WrongExpectedRevisionError } from '../port/event-store-errors';
import type { EventStore, SubscriptionMessage } from '../port/event-store.port';
import { LogPosition, comparePositions } from '../port/log-position';
import type { NewEvent, RecordedEvent } from '../port/recorded-event';

export interface ConformanceTarget {
  /** A store to test; each call may return a fresh or a shared store. */
  open(): Promise<EventStore>;
  /** Called after each test with the store `open` returned. */
  dispose(store: EventStore): Promise<void>;
}

const event = (type = 'Tested', data: Record<string, unknown> = { n: 1 }, id = randomUUID()): NewEvent => ({
  id,
  type,
  data,
  metadata: { source: 'conformance' },
});

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};

/** Reads a subscription until `enough` says so; fails the test when it takes too long. */
async function readUntil(
  store: EventStore,
  from: LogPosition | undefined,
  enough: (messages: SubscriptionMessage[]) => boolean,
  timeoutMs = 10_000,
): Promise<SubscriptionMessage[]> {
  const subscription = store.subscribeToAll({ fromPosition: from });
  const messages: SubscriptionMessage[] = [];
  const timer = setTimeout(() => void subscription.stop(), timeoutMs);
  try {
    for await (const message of subscription) {
      messages.push(message);
      if (enough(messages)) break;
    }
  } finally {
    clearTimeout(timer);
    await subscription.stop();
  }
  if (!enough(messages)) throw new Error(`subscription gave ${messages.length} messages before timing out`);
  return messages;
}

const eventsOf = (messages: SubscriptionMessage[], streams: Set<string>): RecordedEvent[] =>
  messages.flatMap((m) => (m.kind === 'event' && streams.has(m.event.streamId) ? [m.event] : []));

/**
 * The behaviour every EventStore adapter must have. Streams get random names, so the suite
 * also runs against a long-lived server that keeps data between runs (EventStoreDB).
 */
export function describeEventStoreConformance(adapter: string, target: ConformanceTarget, options = { bigStream: 100_000 }): void {
  describe(`EventStore conformance: ${adapter}`, () => {
    let store: EventStore;
    const stream = (prefix = 'conformance') => `${prefix}-${randomUUID()}`;

    beforeEach(async () => {
      store = await target.open();
    });
    afterEach(async () => {
      await target.dispose(store);
    });

    describe('appending', () => {
      it('numbers a new stream from revision 0 and gives increasing global positions', async () => {
        const s = stream();
        const result = await store.append(s, [event(), event(), event()], { expectedRevision: 'no_stream' });
        expect(result.events.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(result.nextExpectedRevision).toBe(2);
        expect(result.duplicate).toBe(false);
        const positions = result.events.map((e) => e.position);
        expect(comparePositions(positions[0], positions[1])).toBeLessThan(0);
        expect(comparePositions(positions[1], positions[2])).toBeLessThan(0);
      });

      it('round-trips type, data and metadata, and records when', async () => {
        const s = stream();
        const e = event('Shaped', { text: 'héllo "quoted"\n', list: [1, 2, { deep: true }], nil: null });
        await store.append(s, [e]);
        const [read] = await collect(store.readStream(s));
        expect(read).toMatchObject({ id: e.id, type: 'Shaped', streamId: s, revision: 0, data: e.data, metadata: e.metadata });
        expect(Number.isNaN(Date.parse(read.recordedAt))).toBe(false);
      });

      it('chains each event to its predecessor by hash over the stored bytes', async () => {
        const s = stream();
        await store.append(s, [event(), event()]);
        await store.append(s, [event()]);
        const events = await collect(store.readStream(s));
        expect(events[0].prevHash).toBeNull();
        expect(events[1].prevHash).toBe(events[0].hash);
        expect(events[2].prevHash).toBe(events[1].hash);
        for (const e of events) {
          expect(
            eventHash({
              prevHash: e.prevHash,
              streamId: e.streamId,
              revision: e.revision,
              id: e.id,
              type: e.type,
              recordedAt: e.recordedAt,
              data: canonicalJson(e.data),
              metadata: canonicalJson(e.metadata),
            }),
          ).toBe(e.hash);
        }
      });
    });

    describe('counting recent events', () => {
      it('counts the events recorded at or after a time, where the store can tell', async () => {
        if (!store.countRecordedSince) return; // EventStoreDB: the console says "not reported"
        await store.append(stream(), [event(), event(), event()]);
        await new Promise((r) => setTimeout(r, 5));
        const since = new Date();
        await new Promise((r) => setTimeout(r, 5));
        await store.append(stream(), [event(), event()]);
        expect(await store.countRecordedSince(since)).toBe(2);
        expect(await store.countRecordedSince(new Date(Date.now() + 60_000))).toBe(0);
        expect(await store.countRecordedSince(new Date(0))).toBeGreaterThanOrEqual(5);
      });
    });

    describe('optimistic concurrency', () => {
      it('appends when the expected revision matches', async () => {
        const s = stream();
        await store.append(s, [event()], { expectedRevision: 'no_stream' });
        await store.append(s, [event()], { expectedRevision: 0 });
        await store.append(s, [event()], { expectedRevision: 'stream_exists' });
        const result = await store.append(s, [event()], { expectedRevision: 'any' });
        expect(result.nextExpectedRevision).toBe(3);
      });

      it.each([
        ['an exact revision that is stale', 0],
        ['no_stream on an existing stream', 'no_stream' as const],
      ])('refuses %s and writes nothing', async (_, expected) => {
        const s = stream();
        await store.append(s, [event(), event()]);
        await expect(store.append(s, [event()], { expectedRevision: expected })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await collect(store.readStream(s))).toHaveLength(2);
      });

      it('refuses stream_exists and exact revisions on a missing stream', async () => {
        await expect(store.append(stream(), [event()], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(store.append(stream(), [event()], { expectedRevision: 0 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      });

      it('lets exactly one of several writers win the same expected revision', async () => {
        const s = stream();
        await store.append(s, [event()]);
        const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => store.append(s, [event()], { expectedRevision: 0 })));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes) {
          if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
        }
        expect(await collect(store.readStream(s))).toHaveLength(2);
      });
    });

    describe('idempotency by event id', () => {
      it('returns the original result for the same id and content, and writes nothing', async () => {
        const s = stream();
        const first = [event('A', { a: 1 }), event('B', { b: [1, 2] })];
        const original = await store.append(s, first, { expectedRevision: 'no_stream' });
        // A retry after a lost response: the expectation no longer holds, the answer is the same.
        const retried = await store.append(
          s,
          first.map((e) => ({ ...e, data: { ...e.data } })),
          {
            expectedRevision: 'no_stream',
          },
        );
        expect(retried.duplicate).toBe(true);
        expect(retried.events).toEqual(original.events);
        expect(await collect(store.readStream(s))).toHaveLength(2);
      });

      it('treats key order as the same content', async () => {
        const s = stream();
        const id = randomUUID();
        await store.append(s, [{ id, type: 'T', data: { a: 1, b: 2 } }]);
        const retried = await store.append(s, [{ id, type: 'T', data: { b: 2, a: 1 } }]);
        expect(retried.duplicate).toBe(true);
      });

      it('refuses the same id with other content', async () => {
        const s = stream();
        const e = event('A', { a: 1 });
        await store.append(s, [e]);
        await expect(store.append(s, [{ ...e, data: { a: 2 } }])).rejects.toBeInstanceOf(IdempotencyConflictError);
        await expect(store.append(s, [{ ...e, type: 'Other' }])).rejects.toBeInstanceOf(IdempotencyConflictError);
        expect(await collect(store.readStream(s))).toHaveLength(1);
      });

      it('takes a retry from another sender as the same write, and keeps the first attribution', async () => {
        const s = stream();
        const id = randomUUID();
        const first = { kind: 'key', keyId: 'aaaaaaaaaaaaaaaa', name: 'crm', role: 'emitter' };
        await store.append(s, [{ id, type: 'T', data: { a: 1 }, metadata: { occurredAt: 'x', recordedBy: first } }]);
        const retried = await store.append(s, [
          { id, type: 'T', data: { a: 1 }, metadata: { occurredAt: 'x', recordedBy: { ...first, keyId: 'bbbbbbbbbbbbbbbb' } } },
        ]);
        expect(retried.duplicate).toBe(true);
        const [stored] = await collect(store.readStream(s));
        expect(stored.metadata.recordedBy).toEqual(first);
        await expect(store.append(s, [{ id, type: 'T', data: { a: 1 }, metadata: { occurredAt: 'y', recordedBy: first } }])).rejects.toBeInstanceOf(
          IdempotencyConflictError,
        );
        expect(await collect(store.readStream(s))).toHaveLength(1);
      });

      it('refuses the same id in another stream', async () => {
        const e = event();
        await store.append(stream(), [e]);
        await expect(store.append(stream(), [e])).rejects.toBeInstanceOf(IdempotencyConflictError);
      });
    });

    describe('reading', () => {
      it('reads a stream forwards, backwards, from a revision and up to a count', async () => {
        const s = stream();
        await store.append(
          s,
          Array.from({ length: 10 }, (_, i) => event('N', { i })),
        );
        const revisions = async (opts: Parameters<EventStore['readStream']>[1]) => (await collect(store.readStream(s, opts))).map((e) => e.revision);
        expect(await revisions({})).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(await revisions({ direction: 'backwards', maxCount: 3 })).toEqual([9, 8, 7]);
        expect(await revisions({ fromRevision: 4, maxCount: 2 })).toEqual([4, 5]);
        expect(await revisions({ direction: 'backwards', fromRevision: 2 })).toEqual([2, 1, 0]);
        expect(await collect(store.readStream(stream()))).toEqual([]);
      });

      it('reads the whole log in commit order from a position', async () => {
        const start = (await store.headPosition()) ?? undefined;
        const a = stream();
        const b = stream();
        await store.append(a, [event('A0')]);
        await store.append(b, [event('B0')]);
        await store.append(a, [event('A1')]);
        const mine = new Set([a, b]);
        const all = (await collect(store.readAll({ fromPosition: start }))).filter((e) => mine.has(e.streamId));
        expect(all.map((e) => e.type)).toEqual(['A0', 'B0', 'A1']);
        const after = (await collect(store.readAll({ fromPosition: all[0].position }))).filter((e) => mine.has(e.streamId));
        expect(after.map((e) => e.type)).toEqual(['B0', 'A1']);
        expect(comparePositions((await store.headPosition())!, all[2].position)).toBeGreaterThanOrEqual(0);
      });

      it(`keeps a stream of ${options.bigStream.toLocaleString('en')} events in order`, async () => {
        const s = stream('big');
        const chunk = 1000;
        for (let from = 0; from < options.bigStream; from += chunk) {
          const events = Array.from({ length: Math.min(chunk, options.bigStream - from) }, (_, i) => event('Big', { i: from + i }));
          await store.append(s, events, { expectedRevision: from === 0 ? 'no_stream' : from - 1 });
        }
        let expected = 0;
        let prevHash: string | null = null;
        for await (const e of store.readStream(s)) {
          if (e.revision !== expected || e.data.i !== expected || e.prevHash !== prevHash) {
            throw new Error(`out of order at ${expected}: revision ${e.revision}, i ${String(e.data.i)}`);
          }
          prevHash = e.hash;
          expected += 1;
        }
        expect(expected).toBe(options.bigStream);
        const [last] = await collect(store.readStream(s, { direction: 'backwards', maxCount: 1 }));
        expect(last.revision).toBe(options.bigStream - 1);
        const middle = await collect(store.readStream(s, { fromRevision: options.bigStream / 2, maxCount: 3 }));
        expect(middle.map((e) => e.data.i)).toEqual([0, 1, 2].map((i) => options.bigStream / 2 + i));
      }, 600_000);
    });

    describe('concurrent writers', () => {
      it('gives every concurrent append its own revision and position, losing none', async () => {
        const s = stream();
        const writers = 200;
        const results = await Promise.all(Array.from({ length: writers }, (_, i) => store.append(s, [event('W', { i })], { expectedRevision: 'any' })));
        const revisions = results.map((r) => r.events[0].revision).sort((x, y) => x - y);
        expect(revisions).toEqual(Array.from({ length: writers }, (_, i) => i));
        const stored = await collect(store.readStream(s));
        expect(new Set(stored.map((e) => e.data.i)).size).toBe(writers);
        for (let i = 1; i < stored.length; i++) expect(stored[i].prevHash).toBe(stored[i - 1].hash);
      });

      it('keeps concurrent appends to many streams apart', async () => {
        const streams = Array.from({ length: 50 }, () => stream());
        await Promise.all(streams.flatMap((s) => [0, 1, 2].map((i) => store.append(s, [event('M', { i })]))));
        for (const s of streams) {
          const events = await collect(store.readStream(s));
          expect(events.map((e) => e.revision)).toEqual([0, 1, 2]);
        }
      });
    });

    describe('multi-stream appends', () => {
      it('appends to several streams in one call', async () => {
        const [a, b] = [stream(), stream()];
        const results = await store.appendMany([
          { streamId: a, events: [event()], expectedRevision: 'no_stream' },
          { streamId: b, events: [event(), event()], expectedRevision: 'no_stream' },
        ]);
        expect(results.map((r) => r.nextExpectedRevision)).toEqual([0, 1]);
      });

      it('writes nothing when one write fails, where the store is atomic', async () => {
        if (!store.atomicMultiStreamAppend) return;
        const [a, b] = [stream(), stream()];
        await store.append(b, [event()]);
        await expect(
          store.appendMany([
            { streamId: a, events: [event()], expectedRevision: 'no_stream' },
            { streamId: b, events: [event()], expectedRevision: 'no_stream' },
          ]),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await collect(store.readStream(a))).toEqual([]);
        // The failed write left no trace: the stream is still new.
        const retried = await store.append(a, [event()], { expectedRevision: 'no_stream' });
        expect(retried.events[0].revision).toBe(0);
      });
    });

    describe('catch-up subscription', () => {
      it('delivers history, says it caught up, then delivers live appends', async () => {
        const start = (await store.headPosition()) ?? undefined;
        const s = stream();
        await store.append(s, [event('H0'), event('H1')]);
        const mine = new Set([s]);
        const subscription = store.subscribeToAll({ fromPosition: start });
        const seen: SubscriptionMessage[] = [];
        let appendedLive = false;
        const timer = setTimeout(() => void subscription.stop(), 10_000);
        for await (const message of subscription) {
          seen.push(message);
          if (message.kind === 'caught-up' && !appendedLive) {
            appendedLive = true;
            void store.append(s, [event('L0')]);
          }
          if (eventsOf(seen, mine).length === 3) break;
        }
        clearTimeout(timer);
        await subscription.stop();
        expect(eventsOf(seen, mine).map((e) => e.type)).toEqual(['H0', 'H1', 'L0']);
        const caughtUpAt = seen.findIndex((m) => m.kind === 'caught-up');
        const liveAt = seen.findIndex((m) => m.kind === 'event' && m.event.type === 'L0');
        expect(caughtUpAt).toBeGreaterThan(-1);
        expect(caughtUpAt).toBeLessThan(liveAt);
      });

      it('resumes after a checkpoint without loss or repetition', async () => {
        const start = (await store.headPosition()) ?? undefined;
        const s = stream();
        const mine = new Set([s]);
        await store.append(
          s,
          Array.from({ length: 20 }, (_, i) => event('R', { i })),
        );
        const first = await readUntil(store, start, (m) => eventsOf(m, mine).length >= 7);
        const checkpoint = eventsOf(first, mine)[6].position;
        await store.append(
          s,
          Array.from({ length: 5 }, (_, i) => event('R', { i: 20 + i })),
        );
        const rest = await readUntil(store, checkpoint, (m) => eventsOf(m, mine).length >= 18);
        expect(eventsOf(rest, mine).map((e) => e.data.i)).toEqual(Array.from({ length: 18 }, (_, i) => i + 7));
      });

      it('ends when stopped and delivers nothing after', async () => {
        const s = stream();
        const subscription = store.subscribeToAll({ fromPosition: (await store.headPosition()) ?? undefined });
        const messages: SubscriptionMessage[] = [];
        for await (const message of subscription) {
          messages.push(message);
          if (message.kind === 'caught-up') {
            await subscription.stop();
            await store.append(s, [event('AfterStop')]);
          }
        }
        expect(messages.some((m) => m.kind === 'caught-up')).toBe(true);
        expect(eventsOf(messages, new Set([s]))).toEqual([]);
      });
    });
  });
}
