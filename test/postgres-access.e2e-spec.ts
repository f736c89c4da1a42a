import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { generateApiKey } from '@ledger/access';
import { createTestDatabase, TestDatabase } from '@ledger/postgres/testing/test-database';
import { example } from './fixtures/catalog-examples';
import { client } from './support/http';
import { runCli } from './support/ledger-cli';
import { RunningLedger, bearer, startLedger, tempDataDir } from './support/ledger-server';

/**
 * API keys and the access audit log in PostgreSQL (LEDGER_DATABASE_URL): two real ledgers on one
 * database (each with its own data directory) and the CLI see one set of keys and one log.
 */
describe('API keys and the access audit log on PostgreSQL, shared by two ledgers and the CLI', () => {
  let database: TestDatabase;
  let a: RunningLedger;
  let b: RunningLedger;
  const adminKey = generateApiKey();
  const masterKey = randomBytes(32).toString('base64');
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
    // Instances on one database share its key vault, so they share the master key that wraps it (and the bootstrap admin key).
    const env = { LEDGER_EVENT_STORE: 'postgres', LEDGER_DATABASE_URL: database.url, LEDGER_BOOTSTRAP_ADMIN_KEY: adminKey, LEDGER_MASTER_KEY: masterKey };
    // Started together: one bootstrap admin key between them.
    [a, b] = await Promise.all([startLedger({ ...env, LEDGER_DATA_DIR: tempDataDir() }), startLedger({ ...env, LEDGER_DATA_DIR: tempDataDir() })]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('creates one bootstrap admin key for both, keeps only hashes, and applies a key made or revoked anywhere at the next request everywhere', async () => {
    const admins = await client(a.url, a.auth).get('/v1/admin/keys');
    expect(admins.body.keys).toEqual([expect.objectContaining({ role: 'admin', name: 'bootstrap admin' })]);

    const created = await client(a.url, a.auth).post('/v1/admin/keys', { name: 'Office of the DPO', role: 'dpo' });
    expect(created.status).toBe(201);
    expect(await client(b.url, bearer(created.body.key)).get('/v1/me')).toMatchObject({ status: 200, body: { keyId: created.body.id, role: 'dpo' } });

    // The CLI on the same database: a key it makes works on both at once, and so does its revocation.
    const env = { LEDGER_DATABASE_URL: database.url, LEDGER_DATA_DIR: tempDataDir(), LEDGER_MASTER_KEY: masterKey };
    const made = await runCli(['keys', 'create', '--name', 'crm', '--role', 'emitter', '--systems', 'crm', '--json'], env);
    expect(made).toMatchObject({ code: 0, stderr: '' });
    const emitter = JSON.parse(made.stdout);
    for (const ledger of [a, b])
      expect((await client(ledger.url, bearer(emitter.key)).get('/v1/me')).body).toMatchObject({ keyId: emitter.id, systems: ['crm'] });
    const listed = await runCli(['keys', 'list', '--json'], env);
    expect(JSON.parse(listed.stdout).keys.map((k: { name: string }) => k.name)).toEqual(['bootstrap admin', 'Office of the DPO', 'crm']);

    expect(await client(b.url, b.auth).delete(`/v1/admin/keys/${created.body.id}`)).toMatchObject({ status: 200 });
    expect((await runCli(['keys', 'revoke', emitter.id], env)).code).toBe(0);
    for (const ledger of [a, b]) {
      expect((await client(ledger.url, bearer(created.body.key)).get('/v1/me')).status).toBe(401);
      expect((await client(ledger.url, bearer(emitter.key)).get('/v1/me')).status).toBe(401);
    }

    const stored = JSON.stringify(await sql('SELECT * FROM api_keys'));
    for (const secret of [adminKey, created.body.key, emitter.key]) expect(stored).not.toContain(secret.slice(4));
  });

  it('records reads through either ledger in one log, the stated purpose sealed (never in clear in the database)', async () => {
    const admin = client(a.url, a.auth);
    const dpo = await admin.post('/v1/admin/keys', { name: 'DPO desk', role: 'dpo' });
    const externalId = `C-${randomUUID()}`;
    const recorded = await admin.post('/v1/events', example('ConsentGiven', { subject: { system: 'crm', externalId } }));
    expect(recorded.status).toBe(201);
    const subjectId = recorded.body.subjectId as string;
    const purpose = `access request of jan.jansen.${randomUUID()}@example.nl`;

    const read = await client(a.url, bearer(dpo.body.key)).get(`/v1/subjects/${subjectId}/events?limit=10`, { 'x-purpose': purpose });
    expect(read.status).toBe(200);
    // A lookup by name that finds no one is recorded as a miss, through the other ledger.
    const miss = await client(b.url, bearer(dpo.body.key)).get(`/v1/subjects?system=crm&externalId=C-nobody`, { 'x-purpose': 'is C-nobody a customer' });
    expect(miss.status).toBe(404);

    const seenOnA = await client(a.url, bearer(dpo.body.key)).get(`/v1/audit/access?keyId=${dpo.body.id}`);
    expect(seenOnA.status).toBe(200);
    expect(seenOnA.body.entries).toEqual([
      expect.objectContaining({ subjectId, outcome: 'disclosed', purpose, route: 'GET /v1/subjects/:subjectId/events', keyName: 'DPO desk' }),
      expect.objectContaining({ outcome: 'not-found', system: 'crm', purpose: '[not kept]', route: 'GET /v1/subjects' }),
    ]);
    const seenOnB = await client(b.url, bearer(dpo.body.key)).get(`/v1/audit/access?keyId=${dpo.body.id}`);
    expect(seenOnB.status).toBe(200);
    expect(seenOnB.body.entries.map((e: { id: number }) => e.id)).toEqual(seenOnA.body.entries.map((e: { id: number }) => e.id));

    const rows = await sql<{ purpose_sealed: string | null }>(`SELECT * FROM subject_reads WHERE key_id = '${dpo.body.id}' ORDER BY id`);
    expect(rows).toHaveLength(2);
    expect(rows[0].purpose_sealed).toEqual(expect.any(String));
    const everything = JSON.stringify(await sql('SELECT * FROM subject_reads'));
    expect(everything).not.toContain('jan.jansen');
    expect(everything).not.toContain('C-nobody');
  });
});
