import { createPgPool, migrateDatabase } from '@ledger/postgres';
import { createTestDatabase, TestDatabase } from '@ledger/postgres/testing/test-database';
import { randomUUID } from 'node:crypto';
import { describeEventStoreConformance } from '../conformance/event-store.conformance';
import { FoldedStreamHeads } from '../integrity/folded-stream-heads';
import { IdempotencyConflictError } from '../port/event-store-errors';
import type { EventStore } from '../port/event-store.port';
import { PostgresEventStore } from './postgres-event-store';
import { PostgresStreamHeads } from './postgres-stream-heads';

// The whole suite against the machine's PostgreSQL server, in a database of this file's own
// (dropped at the end). Each test gets a fresh store and pool on it; streams have random names.
let database: TestDatabase | undefined;

async function openStore(options: Partial<ConstructorParameters<typeof PostgresEventStore>[0]> = {}): Promise<PostgresEventStore> {
  database ??= await createTestDatabase();
  const pool = createPgPool({ connectionString: database.url, max: 4 });
  await migrateDatabase(pool);
  return new PostgresEventStore({ pool, endPoolOnClose: true, ...options });
}

/** Resolves once some session of this database has run LISTEN and sits idle, listening. */
async function listening(store: PostgresEventStore): Promise<void> {
  for (;;) {
    const { rows } = await store.pool.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle' AND query LIKE 'LISTEN %'");
    if (rows.length > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

afterAll(async () => {
  await database?.drop();
});

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};

describeEventStoreConformance('postgres', {
  open: () => openStore(),
  // Absent when open failed (no server): the failure is open's, with its message.
  dispose: async (store: EventStore | undefined) => store?.close(),
});

describe('PostgresEventStore beyond the port', () => {
  let store: PostgresEventStore;
  beforeEach(async () => {
    store = await openStore();
  });
  afterEach(async () => store?.close());

  it('keeps the events table append-only', async () => {
    const stream = `guard-${randomUUID()}`;
    await store.append(stream, [{ id: randomUUID(), type: 'T', data: {} }]);
    await expect(store.pool.query('UPDATE events SET data = $1 WHERE stream = $2', ['{"n":2}', stream])).rejects.toThrow(/append-only/);
    await expect(store.pool.query('DELETE FROM events WHERE stream = $1', [stream])).rejects.toThrow(/append-only/);
    await expect(store.pool.query('TRUNCATE events')).rejects.toThrow(/append-only/);
  });

  it('answers each append of one group commit on its own', async () => {
    const stream = `group-${randomUUID()}`;
    const taken = { id: randomUUID(), type: 'T', data: { n: 1 } };
    await store.append(stream, [taken]);
    // Submitted in one turn: one transaction, three different answers.
    const [ok, conflict, duplicate] = await Promise.allSettled([
      store.append(stream, [{ id: randomUUID(), type: 'T', data: { n: 2 } }]),
      store.append(stream, [{ ...taken, data: { n: 99 } }]),
      store.append(stream, [taken]),
    ]);
    expect(ok).toMatchObject({ status: 'fulfilled', value: { duplicate: false, nextExpectedRevision: 1 } });
    expect(conflict).toMatchObject({ status: 'rejected', reason: expect.any(IdempotencyConflictError) });
    expect(duplicate).toMatchObject({ status: 'fulfilled', value: { duplicate: true, nextExpectedRevision: 0 } });
  });

  it('chains appends to one stream from two stores (two pools, as two processes) without a refusal', async () => {
    // Each appender reads stream tips before it takes the log lock and completes them under it:
    // the other store's appends in between must be seen, or the unique (stream, revision) refuses.
    const other = await openStore();
    try {
      const stream = `shared-${randomUUID()}`;
      // One append at a time per store, so that each transaction carries one append (a failed
      // batch of several is retried one by one, which would hide a stale read).
      const refusals: unknown[] = [];
      await Promise.all(
        [store, other].map(async (s, j) => {
          for (let i = 0; i < 100; i++) {
            await s.append(stream, [{ id: randomUUID(), type: 'T', data: { i, j } }]).catch((e) => refusals.push(e));
          }
        }),
      );
      expect(refusals).toEqual([]);
      const events = await collect(store.readStream(stream));
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 200 }, (_, i) => i));
      events.forEach((e, i) => expect(e.prevHash).toBe(i === 0 ? null : events[i - 1].hash));
    } finally {
      await other.close();
    }
  });

  it('answers the same append sent to two stores at once once as written and once as a duplicate', async () => {
    // A client retrying on another ledger instance: the second must find the first's events
    // even when they were committed between its read of the log and its taking of the lock.
    const other = await openStore();
    try {
      const writes = Array.from({ length: 50 }, (_, i) => ({ stream: `retry-${i % 5}-${randomUUID()}`, event: { id: randomUUID(), type: 'T', data: { i } } }));
      const answers = await Promise.all(
        [store, other].map(async (s) => {
          const results = [];
          for (const w of writes) results.push(await s.append(w.stream, [w.event]));
          return results;
        }),
      );
      writes.forEach((_, i) => {
        const [a, b] = [answers[0][i], answers[1][i]];
        expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
        expect(a.events).toEqual(b.events);
      });
    } finally {
      await other.close();
    }
  });

  it('gives the same stream heads from the table as from folding the log', async () => {
    for (let i = 0; i < 5; i++) await store.append(`heads-${i % 3}-${randomUUID()}`, [{ id: randomUUID(), type: 'T', data: { i } }]);
    const head = (await store.headPosition())!.commit;
    const middle = Math.max(1, head - 3);
    for (const position of [middle, head]) {
      expect(await new PostgresStreamHeads(store.pool).asOf(position)).toEqual(await new FoldedStreamHeads(store).asOf(position));
    }
  });

  it('wakes a follower in another store (another pool, as another process would) by NOTIFY', async () => {
    // Polling is made too slow to matter: only the notification can deliver the event in time.
    const follower = await openStore({ pollIntervalMs: 3_600_000 });
    try {
      const subscription = follower.subscribeToAll({ fromPosition: (await store.headPosition()) ?? undefined });
      const stream = `notify-${randomUUID()}`;
      let appended = false;
      const seen: string[] = [];
      const timer = setTimeout(() => void subscription.stop(), 10_000);
      for await (const message of subscription) {
        if (message.kind === 'caught-up' && !appended) {
          appended = true;
          // The listening connection opens with the first subscription: append once it listens.
          await listening(store);
          await store.append(stream, [{ id: randomUUID(), type: 'Live', data: {} }]);
        }
        if (message.kind === 'event' && message.event.streamId === stream) {
          seen.push(message.event.type);
          break;
        }
      }
      clearTimeout(timer);
      await subscription.stop();
      expect(seen).toEqual(['Live']);
    } finally {
      await follower.close();
    }
  });
});
