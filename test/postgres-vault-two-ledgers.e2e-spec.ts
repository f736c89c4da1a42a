import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { generateApiKey } from '@ledger/access';
import { createTestDatabase, TestDatabase } from '@ledger/postgres/testing/test-database';
import { eventually } from './support/eventually';
import { client } from './support/http';
import { LedgerProcess, spawnLedger } from './support/ledger-process';
import { tempDataDir } from './support/ledger-server';

/**
 * Two ledger processes on one PostgreSQL database (log and key vault), each with its own data
 * directory and the same LEDGER_MASTER_KEY: a subject one of them creates, the other reads;
 * when one shreds her keys, the other stops decrypting her values (it hears the NOTIFY and
 * drops its cache).
 */
describe('two ledgers on one PostgreSQL key vault', () => {
  let database: TestDatabase;
  const dirs = [tempDataDir(), tempDataDir()];
  const ledgers: LedgerProcess[] = [];
  beforeAll(async () => {
    database = await createTestDatabase('ledger_two_vaults');
  });
  afterAll(async () => {
    await Promise.all(ledgers.map((l) => l.kill()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  });

  it('shares subjects and keys, and an erasure on one is an erasure on both', async () => {
    const shared = {
      LEDGER_EVENT_STORE: 'postgres',
      LEDGER_DATABASE_URL: database.url,
      LEDGER_MASTER_KEY: randomBytes(32).toString('base64'),
      LEDGER_BOOTSTRAP_ADMIN_KEY: generateApiKey(),
    };
    for (const dir of dirs) ledgers.push(await spawnLedger({ ...shared, LEDGER_DATA_DIR: dir }));
    const [a, b] = ledgers.map((l) => client(l.url, { ...l.auth, 'x-purpose': 'two ledgers test' }));
    const subject = { system: 'crm', externalId: 'TWO-1' };
    const fact = (personal: Record<string, string>) => ({
      id: randomUUID(),
      type: 'PersonalDataCollected',
      occurredAt: '2025-01-01T10:00:00Z',
      subject,
      data: { categories: ['user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'crm' },
      personal,
    });
    const first = await a.post('/v1/events', fact({ email: 'two@example.nl' }));
    expect(first.status).toBe(201);
    const subjectId = first.body.subjectId;
    // The other ledger names the same subject by her name, and reads what the first sealed.
    const second = await b.post('/v1/events', fact({ email: 'two@example.org' }));
    expect(second.body.subjectId).toBe(subjectId);
    const emails = (events: { personal?: { email?: string } }[]) => events.flatMap((e) => (e.personal?.email ? [e.personal.email] : []));
    const readOnB = async () => emails((await b.get(`/v1/subjects/${subjectId}/events`)).body.events);
    expect(await readOnB()).toEqual(['two@example.nl', 'two@example.org']);

    expect((await a.post(`/v1/subjects/${subjectId}/erasure`, { requestId: 'E-1' })).status).toBe(202);
    const erased = {
      id: randomUUID(),
      type: 'PersonalDataErased',
      occurredAt: '2025-02-01T10:00:00Z',
      subject: { subjectId },
      data: { requestId: 'E-1', ground: 'subject-request', system: 'crm', categories: ['user.contact.email'] },
    };
    expect((await a.post('/v1/events', erased)).status).toBe(201);
    // The ledger holding the effects lease runs the erasure process (issue 17, point 3; see
    // test/multi-instance-lease.e2e-spec.ts): it shreds and writes the proof.
    // B had her keys in memory; it stops using them.
    await eventually(
      async () => ((await readOnB()).every((email: string) => email === '[erased]') ? true : undefined),
      'the other ledger to read her as erased',
    );
    const readOnA = emails((await a.get(`/v1/subjects/${subjectId}/events`)).body.events);
    expect(readOnA).toEqual(['[erased]', '[erased]']);
    expect((await b.get('/v1/subjects?system=crm&externalId=TWO-1')).status).toBe(404);
  }, 180_000);
});
