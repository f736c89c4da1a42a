import Database from 'better-sqlite3';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { example } from './fixtures/catalog-examples';
import { client } from './support/http';
import { runCli } from './support/ledger-cli';
import { spawnLedger } from './support/ledger-process';
import { RunningLedger, bearer, startLedger, tempDataDir } from './support/ledger-server';

const eventCount = (dataDir: string): number => {
  const db = new Database(join(dataDir, 'events.db'), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('API keys over HTTP (POST, GET, DELETE /v1/admin/keys)', () => {
  let ledger: RunningLedger;
  let admin: ReturnType<typeof client>;

  beforeAll(async () => {
    ledger = await startLedger();
    admin = client(ledger.url, ledger.auth);
  });
  afterAll(() => ledger.close());

  it('shows a new key once, then lists it without its secret', async () => {
    const created = await admin.post('/v1/admin/keys', { name: 'crm emitter', role: 'emitter', systems: ['crm', 'billing'] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      name: 'crm emitter',
      role: 'emitter',
      systems: ['crm', 'billing'],
      createdAt: expect.any(String),
      key: expect.stringMatching(/^plk_[A-Za-z0-9_-]{43}$/),
    });
    const listed = await admin.get('/v1/admin/keys');
    const { key, ...shown } = created.body;
    expect(listed.body.keys).toContainEqual(shown);
    expect(JSON.stringify(listed.body)).not.toContain(key);
  });

  it.each([
    [{ name: 'x', role: 'root' }, 'role'],
    [{ name: 'x', role: 'emitter' }, 'systems'],
    [{ name: 'x', role: 'emitter', systems: [] }, 'systems'],
    [{ name: 'x', role: 'dpo', systems: ['crm'] }, 'systems'],
    [{ name: '', role: 'dpo' }, 'name'],
    [{ name: 'x', role: 'dpo', admin: true }, 'admin'],
  ])('refuses %j naming %s', async (request, path) => {
    const res = await admin.post('/v1/admin/keys', request);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('revokes a key with effect on the next request', async () => {
    const dpo = await admin.post('/v1/admin/keys', { name: 'leaving dpo', role: 'dpo' });
    const asDpo = client(ledger.url, bearer(dpo.body.key));
    expect((await asDpo.get('/v1/audit/access')).status).toBe(200);
    const revoked = await admin.delete(`/v1/admin/keys/${dpo.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: dpo.body.id, revokedAt: expect.any(String) });
    expect((await asDpo.get('/v1/audit/access')).status).toBe(401);
  });

  it('answers 404 for an unknown key and 409 for the last admin key', async () => {
    expect((await admin.delete('/v1/admin/keys/ffffffffffffffff')).status).toBe(404);
    const keys = (await admin.get('/v1/admin/keys')).body.keys as { id: string; role: string; revokedAt?: string }[];
    const [onlyAdmin] = keys.filter((k) => k.role === 'admin' && !k.revokedAt);
    const res = await admin.delete(`/v1/admin/keys/${onlyAdmin.id}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('last active admin key');
  });
});

describe('emitter keys append only for their own systems', () => {
  let ledger: RunningLedger;
  let emitter: ReturnType<typeof client>;
  const own = (overrides: Record<string, unknown> = {}) => example('PersonalDataCollected', { subject: { system: 'crm', externalId: 'C-1' }, ...overrides });

  beforeAll(async () => {
    ledger = await startLedger();
    const created = await client(ledger.url, ledger.auth).post('/v1/admin/keys', { name: 'crm', role: 'emitter', systems: ['crm'] });
    emitter = client(ledger.url, bearer(created.body.key));
  });
  afterAll(() => ledger.close());

  it('appends facts of its system', async () => {
    const fact = own();
    (fact.data as Record<string, unknown>).system = 'crm';
    expect((await emitter.post('/v1/events', fact)).status).toBe(201);
    expect((await emitter.post('/v1/events/batch', { events: [own(), own()] })).status).toBe(201);
  });

  it.each([
    ['a subject of another system', { subject: { system: 'hr', externalId: 'E-1' } }, 'subject.system'],
    ['data of another system', { data: { ...(example('PersonalDataCollected').data as object), system: 'hr' } }, 'data.system'],
    ['a subject named by its ledger id', { subject: { subjectId: '0b6f3c1e-5d1b-4a53-9d39-2a6f0f5f8a10' } }, 'subject'],
  ])('is refused %s with 403, writing nothing', async (_, overrides, path) => {
    const before = eventCount(ledger.dataDir);
    const res = await emitter.post('/v1/events', own(overrides));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden', message: expect.stringContaining('(crm)') });
    expect(res.body.details).toContainEqual(expect.objectContaining({ path }));
    expect(eventCount(ledger.dataDir)).toBe(before);
  });

  it('is refused breach and registry events', async () => {
    expect((await emitter.post('/v1/events', example('BreachDetected'))).status).toBe(403);
    expect((await emitter.post('/v1/events', example('RecipientRegistered'))).status).toBe(403);
  });

  it('has a whole batch refused when any item is outside its systems, naming those items', async () => {
    const before = eventCount(ledger.dataDir);
    const events = [own(), own({ subject: { system: 'hr', externalId: 'E-1' } }), own(), example('BreachDetected')];
    const res = await emitter.post('/v1/events/batch', { events });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('refused for events 1, 3');
    expect([...new Set(res.body.details.map((d: { index: number }) => d.index))]).toEqual([1, 3]);
    expect(eventCount(ledger.dataDir)).toBe(before);
  });

  it('may not read anything', async () => {
    expect((await emitter.get('/v1/audit/access')).status).toBe(403);
  });
});

describe('API keys from the CLI (npm run ledger -- keys)', () => {
  const dataDir = tempDataDir();
  const env = { LEDGER_DATA_DIR: dataDir };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates, lists and revokes keys that a running server honours at once', async () => {
    const ledger = await startLedger({ LEDGER_DATA_DIR: dataDir });
    try {
      const created = await runCli(['keys', 'create', '--name', 'billing', '--role', 'emitter', '--systems', 'billing, crm'], env);
      expect(created).toMatchObject({ code: 0, stderr: '' });
      const [, id, key] = /key ([0-9a-f]{16}) .*\nsecret, shown only now: (plk_\S+)\n$/.exec(created.stdout)!;
      const emitter = client(ledger.url, bearer(key));
      expect((await emitter.post('/v1/events', example('ConsentGiven', { subject: { system: 'billing', externalId: 'B-1' } }))).status).toBe(201);

      const listed = await runCli(['keys', 'list'], env);
      expect(listed.stdout).toMatch(new RegExp(`^${id}\\s+emitter\\s+billing\\s+billing,crm\\s`, 'm'));
      expect(listed.stdout).not.toContain(key);

      expect((await runCli(['keys', 'revoke', id], env)).stdout).toContain(`revoked emitter key ${id}`);
      expect((await emitter.post('/v1/events', example('ConsentGiven', { subject: { system: 'billing', externalId: 'B-1' } }))).status).toBe(401);
    } finally {
      await ledger.close({ keepData: true });
    }
  });

  it('refuses a bad request with a message and a non-zero exit', async () => {
    const res = await runCli(['keys', 'create', '--name', 'x', '--role', 'emitter'], env);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('systems must list the systems');
  });
});

describe('the first admin key', () => {
  const dataDir = tempDataDir();
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is made on a first start without keys and printed once to stdout, never to the log file', async () => {
    const logFile = join(dataDir, 'ledger.log');
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_BOOTSTRAP_ADMIN_KEY: '', LEDGER_LOG_FILE: logFile, LEDGER_LOG_LEVEL: 'info' };
    const first = await spawnLedger(env);
    let key: string;
    try {
      key = /^ {4}(plk_[A-Za-z0-9_-]{43})$/m.exec(first.output())![1];
      const res = await client(first.url, bearer(key)).get('/v1/admin/keys');
      expect(res.status).toBe(200);
      expect(res.body.keys).toEqual([expect.objectContaining({ role: 'admin', name: 'bootstrap admin' })]);
    } finally {
      await first.kill('SIGTERM');
    }
    expect(readFileSync(logFile, 'utf8')).not.toContain(key);
    expect(readFileSync(logFile, 'utf8')).toContain('created admin key');

    const second = await spawnLedger(env);
    try {
      expect(second.output()).not.toMatch(/plk_/);
      expect((await client(second.url, bearer(key)).get('/v1/admin/keys')).status).toBe(200);
    } finally {
      await second.kill('SIGTERM');
    }
  });
});
