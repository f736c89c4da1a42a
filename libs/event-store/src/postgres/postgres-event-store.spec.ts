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
    const { rows } = await store.pool.query(
      "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle' AND query LIKE 'LISTEN %'",
    );
    if (rows.length > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

afterAll(async () => {
  await database?.drop();
});

describeEventStoreConformance('postgres', {
  open: () => openStore(),
  dispose: (store: EventStore) => store.close(),
});

describe('PostgresEventStore beyond the port', () => {
  let store: PostgresEventStore;
  beforeEach(async () => {
    store = await openStore();
  });
  afterEach(() => store.close());

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
