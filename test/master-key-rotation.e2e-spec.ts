import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { generateApiKey } from '@ledger/access';
import { createTestDatabase, TestDatabase } from '@ledger/postgres/testing/test-database';
import { masterKeyId, parseKey } from '@ledger/vault';
import { client } from './support/http';
import { runCli } from './support/ledger-cli';
import { spawnLedger } from './support/ledger-process';
import { tempDataDir } from './support/ledger-server';

const ROOT = join(__dirname, '..');

/**
 * Issue 17, point 6: `keys rotate-master` while a real ledger takes facts over HTTP; the
 * rotation is SIGKILLed half-way and run again; then the ledger restarts with the new master
 * key alone (the old key file removed) and decrypts every subject's values.
 */
describe.each(['sqlite', 'postgres'] as const)('master-key rotation on the %s vault', (store) => {
  const dataDir = tempDataDir();
  let database: TestDatabase | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (store === 'postgres') database = await createTestDatabase('ledger_rotation');
    env = {
      LEDGER_DATA_DIR: dataDir,
      LEDGER_BOOTSTRAP_ADMIN_KEY: generateApiKey(),
      ...(database ? { LEDGER_EVENT_STORE: 'postgres', LEDGER_DATABASE_URL: database.url } : {}),
    };
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  /** How many wrapped keys each master key id wraps, read from the store itself. */
  async function wrappedBy(): Promise<Record<string, number>> {
    if (database) {
      const db = new Client({ connectionString: database.url });
      await db.connect();
      try {
        const { rows } = await db.query('SELECT master_key_id AS id, count(*)::int AS n FROM vault_subject_keys WHERE wrapped IS NOT NULL GROUP BY 1');
        return Object.fromEntries(rows.map((r) => [r.id, r.n]));
      } finally {
        await db.end();
      }
    }
    const db = new Database(join(dataDir, 'vault.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT master_key_id AS id, count(*) AS n FROM subject_keys WHERE wrapped IS NOT NULL GROUP BY 1').all() as {
        id: string;
        n: number;
      }[];
      return Object.fromEntries(rows.map((r) => [r.id, r.n]));
    } finally {
      db.close();
    }
  }
  const keyIdOf = (file: string) => masterKeyId(parseKey(readFileSync(join(dataDir, file), 'utf8').trim(), file));

  it('rewraps every key while facts arrive, survives a SIGKILL half-way, and leaves every value readable with the new key alone', async () => {
    let ledger = await spawnLedger(env);
    const api = (url: string, auth: Record<string, string>) => client(url, { ...auth, 'x-purpose': 'rotation test' });
    let http = api(ledger.url, ledger.auth);
    const emails = new Map<string, string>();
    const collected = (n: string) => ({
      id: randomUUID(),
      type: 'PersonalDataCollected',
      occurredAt: '2025-01-01T10:00:00Z',
      subject: { system: 'crm', externalId: `C-${n}` },
      data: { categories: ['user.contact.email', 'user.name'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'crm' },
      personal: { email: `person-${n}@example.nl`, name: `Person ${n}` },
    });
    const record = async (ns: string[]) => {
      const res = await http.post('/v1/events/batch', { events: ns.map(collected) });
      expect(res.status).toBe(201);
      res.body.events.forEach((e: { subjectId: string }, i: number) => emails.set(e.subjectId, `person-${ns[i]}@example.nl`));
    };
    for (let b = 0; b < 10; b++) await record(Array.from({ length: 100 }, (_, i) => `seed-${b}-${i}`));
    const oldId = keyIdOf('master.key');
    expect(await wrappedBy()).toEqual({ [oldId]: 2000 });

    // Facts keep arriving (new subjects: new keys) through the whole rotation.
    let writing = true;
    let rounds = 0;
    const writer = (async () => {
      while (writing) await record(Array.from({ length: 10 }, (_, i) => `live-${rounds}-${i}`)).then(() => rounds++);
    })();

    // The first rotation: killed once it has committed some batches (it pauses between them, as an operator may ask, so the kill lands half-way).
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(ROOT, 'apps/ledger-cli/src/main.ts'), 'keys', 'rotate-master', '--batch-size', '10', '--pause-ms', '50'],
      {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    const exited = once(child, 'exit');
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (/rewrapped [1-9]\d* of/.test(stderr) && child.exitCode === null) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      void exited.then(() => resolve());
    });
    await exited;
    expect({ signal: child.signalCode, stderr: child.signalCode ? '' : stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
    const newId = keyIdOf('master.key.next');
    const halfWay = await wrappedBy();
    // Half-way: keys under both master keys, none under any other.
    expect(halfWay[oldId]).toBeGreaterThan(0);
    expect(halfWay[newId]).toBeGreaterThan(0);
    expect(Object.keys(halfWay).sort()).toEqual([oldId, newId].sort());
    // The ledger serves on meanwhile, reading keys under either.
    const someone = [...emails.keys()][0];
    expect((await http.get(`/v1/subjects/${someone}/events`)).body.events[0].personal.email).toBe(emails.get(someone));

    const rerun = await runCli(['keys', 'rotate-master', '--json', '--batch-size', '200'], env);
    expect({ code: rerun.code, stderr: rerun.code ? rerun.stderr : '' }).toEqual({ code: 0, stderr: '' });
    const result = JSON.parse(rerun.stdout);
    expect(result).toMatchObject({ from: oldId, to: newId });
    expect(keyIdOf('master.key')).toBe(newId);
    expect(existsSync(join(dataDir, 'master.key.next'))).toBe(false);
    await record(['after-rotation']);
    writing = false;
    await writer;
    expect(rounds).toBeGreaterThan(0);

    // Only the new key is left: the old one's file goes, and the ledger restarts with master.key alone.
    rmSync(result.retiredFile);
    expect(readdirSync(dataDir).filter((f) => f.startsWith('master.key'))).toEqual(['master.key']);
    await ledger.kill('SIGTERM');
    const total = await wrappedBy();
    expect(Object.keys(total)).toEqual([newId]);
    expect(total[newId]).toBe(2 * emails.size);

    ledger = await spawnLedger(env);
    http = api(ledger.url, ledger.auth);
    try {
      for (const [subjectId, email] of emails) {
        const events = (await http.get(`/v1/subjects/${subjectId}/events`)).body.events;
        expect(events[0].personal).toEqual({ email, name: email.replace(/^person-(.*)@example\.nl$/, 'Person $1') });
      }
      // Names still find their subjects: the blind-index key outlived the old master key.
      expect((await http.get('/v1/subjects?system=crm&externalId=C-seed-3-7')).status).toBe(200);
    } finally {
      await ledger.kill('SIGTERM');
    }
  }, 300_000);
});
