import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { generateApiKey } from '@ledger/access';
import { createTestDatabase, TestDatabase } from '@ledger/postgres/testing/test-database';
import { eventually } from './support/eventually';
import { client } from './support/http';
import { runCli } from './support/ledger-cli';
import { startLedger, tempDataDir } from './support/ledger-server';

/** Issue 17: with LEDGER_DATABASE_URL the key vault lives in PostgreSQL, and an erasure survives restoring its rows. */
describe('the key vault on PostgreSQL (LEDGER_DATABASE_URL)', () => {
  let database: TestDatabase;
  const dataDir = tempDataDir();
  const sql = async <T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> => {
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      return (await db.query(text, values)).rows as T[];
    } finally {
      await db.end();
    }
  };
  beforeAll(async () => {
    database = await createTestDatabase('ledger_vault_e2e');
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('keeps keys in PostgreSQL, not in vault.db; a restored vault table gets its erasures back at start and by the CLI', async () => {
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_EVENT_STORE: 'postgres', LEDGER_DATABASE_URL: database.url, LEDGER_BOOTSTRAP_ADMIN_KEY: generateApiKey() };
    let ledger = await startLedger(env);
    let api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'vault test' });
    const subject = (externalId: string) => ({ system: 'crm', externalId });
    const collected = (externalId: string, email: string) => ({
      id: randomUUID(),
      type: 'PersonalDataCollected',
      occurredAt: '2025-01-01T10:00:00Z',
      subject: subject(externalId),
      data: { categories: ['user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'crm' },
      personal: { email },
    });
    const recorded = await api.post('/v1/events/batch', { events: [collected('P-1', 'p1@example.nl'), collected('P-2', 'p2@example.nl')] });
    expect(recorded.status).toBe(201);
    const [erasedId, keptId] = recorded.body.events.map((e: { subjectId: string }) => e.subjectId);
    expect(existsSync(join(dataDir, 'vault.db'))).toBe(false);
    // The backup: the vault's rows as they are now.
    const backup = await sql<{ subject_id: string; key_group: string; wrapped: Buffer; master_key_id: string }>('SELECT * FROM vault_subject_keys');
    const names = await sql('SELECT * FROM vault_subject_names');
    expect(
      backup
        .filter((k) => k.subject_id === erasedId)
        .map((k) => k.key_group)
        .sort(),
    ).toEqual(['contact', 'identity']);

    expect((await api.post(`/v1/subjects/${erasedId}/erasure`, { requestId: 'E-1' })).status).toBe(202);
    const erasedFact = {
      id: randomUUID(),
      type: 'PersonalDataErased',
      occurredAt: '2025-02-01T10:00:00Z',
      subject: { subjectId: erasedId },
      data: { requestId: 'E-1', ground: 'subject-request', system: 'crm', categories: ['user.contact.email'] },
    };
    expect((await api.post('/v1/events', erasedFact)).status).toBe(201);
    await eventually(
      async () => ((await api.get(`/v1/subjects/${erasedId}/erasure`)).body.state === 'shredded' ? true : undefined),
      'the subject to be shredded',
    );
    expect(await sql('SELECT key_group FROM vault_subject_keys WHERE subject_id = $1 AND wrapped IS NOT NULL', [erasedId])).toEqual([]);
    await ledger.close({ keepData: true });

    const restore = async () => {
      await sql('DELETE FROM vault_subject_keys');
      await sql('DELETE FROM vault_subject_names');
      await sql('DELETE FROM vault_marks');
      for (const k of backup)
        await sql('INSERT INTO vault_subject_keys (subject_id, key_group, wrapped, master_key_id) VALUES ($1, $2, $3, $4)', [
          k.subject_id,
          k.key_group,
          k.wrapped,
          k.master_key_id,
        ]);
      for (const n of names) await sql('INSERT INTO vault_subject_names VALUES ($1, $2, $3, $4)', [n.blind_index, n.subject_id, n.system, n.external_id]);
      expect(await sql('SELECT key_group FROM vault_subject_keys WHERE subject_id = $1 AND wrapped IS NOT NULL', [erasedId])).toHaveLength(2);
    };
    await restore();
    ledger = await startLedger(env);
    api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'vault test' });
    expect((await api.get(`/v1/subjects/${erasedId}/events`)).body.events[0].personal).toEqual({ email: '[erased]' });
    expect((await api.get('/v1/subjects?system=crm&externalId=P-1')).status).toBe(404);
    expect((await api.get(`/v1/subjects/${keptId}/events`)).body.events[0].personal).toEqual({ email: 'p2@example.nl' });
    await ledger.close({ keepData: true });
    expect(await sql('SELECT key_group FROM vault_subject_keys WHERE subject_id = $1 AND wrapped IS NOT NULL', [erasedId])).toEqual([]);

    await restore();
    const cli = await runCli(['vault', 'reapply-erasures'], env);
    expect(cli).toMatchObject({ code: 0, stdout: expect.stringContaining(`destroyed again (the vault still held them): ${erasedId}`) });
    expect(await sql('SELECT key_group FROM vault_subject_keys WHERE subject_id = $1 AND wrapped IS NOT NULL', [erasedId])).toEqual([]);
    expect(existsSync(join(dataDir, 'vault.db'))).toBe(false);
  }, 120_000);
});
