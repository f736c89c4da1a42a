import { PostgresEventStore, RecordedEvent, canonicalJson, eventHash, headsRoot } from '@ledger/event-store';
import { createPgPool } from '@ledger/postgres';
import { createTestDatabase, TestDatabase } from '@ledger/postgres/testing/test-database';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { generateApiKey } from '@ledger/access';
import { example } from './fixtures/catalog-examples';
import { client } from './support/http';
import { runCli } from './support/ledger-cli';
import { spawnLedger } from './support/ledger-process';
import { startLedger, tempDataDir } from './support/ledger-server';

async function storedEvents(url: string): Promise<RecordedEvent[]> {
  const store = new PostgresEventStore({ pool: createPgPool({ connectionString: url, max: 1 }), endPoolOnClose: true });
  const events: RecordedEvent[] = [];
  try {
    for await (const e of store.readAll()) events.push(e);
  } finally {
    await store.close();
  }
  return events;
}

/** The ledger on LEDGER_EVENT_STORE=postgres: the real server on the machine's PostgreSQL, in a database of its own. */
describe('the ledger on PostgreSQL (LEDGER_EVENT_STORE=postgres)', () => {
  let database: TestDatabase;
  const sql = async <T = Record<string, unknown>>(text: string): Promise<T[]> => {
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      return (await db.query(text)).rows as T[];
    } finally {
      await db.end();
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('migrates the database with `ledger migrate`, and a second run finds nothing to do', async () => {
    const env = { LEDGER_DATABASE_URL: database.url, LEDGER_DATA_DIR: tempDataDir() };
    const first = await runCli(['migrate'], env);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/applied \d{13}_event-log/);
    const second = await runCli(['migrate'], env);
    expect(second).toMatchObject({ code: 0, stdout: expect.stringContaining('up to date') });
    expect(await sql("SELECT to_regclass('events') IS NOT NULL AS present")).toEqual([{ present: true }]);
  });

  it('refuses `ledger migrate` without LEDGER_DATABASE_URL, saying why', async () => {
    const result = await runCli(['migrate'], { LEDGER_DATABASE_URL: '', LEDGER_DATA_DIR: tempDataDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('LEDGER_DATABASE_URL is not set');
  });

  it('records facts over HTTP into PostgreSQL and answers from projections of them, across a restart', async () => {
    const env = {
      LEDGER_EVENT_STORE: 'postgres',
      LEDGER_DATABASE_URL: database.url,
      LEDGER_DATA_DIR: tempDataDir(),
      LEDGER_BOOTSTRAP_ADMIN_KEY: generateApiKey(),
    };
    let ledger = await startLedger(env);
    const subject = { system: 'crm', externalId: `C-${randomUUID()}` };
    const breachId = `B-${randomUUID()}`;
    try {
      const api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'postgres test' });
      const collected = example('PersonalDataCollected', { subject });
      const first = await api.post('/v1/events', collected);
      expect(first.status).toBe(201);
      const retried = await api.post('/v1/events', collected);
      expect(retried).toMatchObject({ status: 200, body: first.body });
      const conflicting = await api.post('/v1/events', { ...collected, occurredAt: '2024-03-02T10:00:00Z' });
      expect(conflicting.status).toBe(409);

      const batch = await api.post('/v1/events/batch', {
        events: [example('BreachDetected', { breachId }), example('PersonalDataBreached', { subject, data: { breachId, categories: ['user.contact.email'] } })],
      });
      expect(batch.status).toBe(201);
      const position = Math.max(...batch.body.events.map((e: { position: number }) => e.position));

      const map = await api.get(`/v1/subjects/${first.body.subjectId}/data-map?minPosition=${position}`);
      expect(map.status).toBe(200);
      expect(map.body.categories.map((c: { category: string }) => c.category)).toEqual(['user.contact.email', 'user.name']);
      const breach = await api.get(`/v1/breaches/${breachId}?minPosition=${position}`);
      expect(breach).toMatchObject({ status: 200, body: { breachId } });

      // The facts are rows of the events table, personal values sealed, at the positions the API answered.
      const rows = await sql<{ position: string; stream: string; data: string }>('SELECT position, stream, data FROM events ORDER BY position');
      expect(rows.map((r) => Number(r.position))).toEqual([1, 2, 3]);
      expect(rows[0].stream).toBe(first.body.stream);
      expect(rows.map((r) => r.data).join('\n')).not.toContain('jan@example.nl');

      // Verify-style: every stored hash recomputes from the stored bytes and links to its predecessor,
      // and the signed digest commits to exactly those stream heads.
      const events = await storedEvents(database.url);
      const heads = new Map<string, { stream: string; revision: number; hash: string }>();
      for (const e of events) {
        const previous = heads.get(e.streamId);
        expect(e.prevHash).toBe(previous?.hash ?? null);
        expect(eventHash({ ...e, data: canonicalJson(e.data), metadata: canonicalJson(e.metadata) })).toBe(e.hash);
        heads.set(e.streamId, { stream: e.streamId, revision: e.revision, hash: e.hash });
      }
      const digest = await api.get('/v1/ledger/digest');
      expect(digest.status).toBe(200);
      expect(digest.body.digest).toMatchObject({ position: 3, streams: 2 });
      expect(digest.body.heads).toEqual([...heads.values()].sort((a, b) => (a.stream < b.stream ? -1 : 1)));
      expect(headsRoot(digest.body.heads)).toBe(digest.body.digest.root);
    } finally {
      await ledger.close({ keepData: true });
    }

    // Restarted on the same database (and data directory: the key vault is still SQLite there).
    ledger = await startLedger(env);
    try {
      const api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'postgres test' });
      const found = await api.get(`/v1/subjects?system=crm&externalId=${subject.externalId}`);
      expect(found.status).toBe(200);
      const next = await api.post('/v1/events', example('ConsentGiven', { subject }));
      expect(next).toMatchObject({ status: 201, body: { position: 4, revision: 2 } });
      const history = await api.get(`/v1/subjects/${found.body.subjectId}/history?minPosition=4`);
      expect(history.status).toBe(200);
      expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['PersonalDataCollected', 'PersonalDataBreached', 'ConsentGiven']);
      expect(history.body.events[0].personal.email).toBe('jan@example.nl');
    } finally {
      await ledger.close();
    }
  });

  it('does not start when the database cannot be reached, and says which one (without its password)', async () => {
    const unreachable = 'postgres://ledger:s3cret-password@127.0.0.1:1/ledger';
    const start = spawnLedger({ LEDGER_EVENT_STORE: 'postgres', LEDGER_DATABASE_URL: unreachable, LEDGER_DATA_DIR: tempDataDir() });
    await expect(start).rejects.toThrow(/cannot prepare the PostgreSQL database postgres:\/\/ledger:\*\*\*@127\.0\.0\.1:1\/ledger/);
    await expect(start).rejects.not.toThrow(/s3cret-password/);
  });
});
