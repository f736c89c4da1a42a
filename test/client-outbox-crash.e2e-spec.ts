import { LedgerClient } from '@privacy-ledger/client';
import Database from 'better-sqlite3';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { client as http } from './support/http';
import { RunningLedger, startLedger } from './support/ledger-server';

const ROOT = join(__dirname, '..');
const FACTS = 6000;

/**
 * Issue 16: the client's own process dies (SIGKILL) while it records facts through its outbox
 * and sends them; a new client on the same outbox file sends what was left. Every fact the dead
 * service had recorded is in the log exactly once, in the order it was recorded.
 */
describe('client outbox across a crash of the service (a real child process, a real ledger)', () => {
  let ledger: RunningLedger;
  let dir: string;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    ledger = await startLedger();
    dir = mkdtempSync(join(tmpdir(), 'ledger-client-crash-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends what the killed service left in its outbox, once, in order', async () => {
    const admin = http(ledger.url, ledger.auth);
    const apiKey = (await admin.post('/v1/admin/keys', { name: 'outbox-crash', role: 'emitter', systems: ['outbox-crash'] })).body.key as string;
    const outbox = join(dir, 'outbox.db');

    child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'test/support/outbox-client-child.ts')], {
      cwd: ROOT,
      env: { ...process.env, LEDGER_URL: ledger.url, LEDGER_API_KEY: apiKey, OUTBOX: outbox, FACTS: String(FACTS) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const exited = once(child, 'exit');
    const recorded = new Set<number>();
    let killedAt: { acknowledged: number; pending: number } | undefined;
    for await (const line of createInterface({ input: child.stdout! })) {
      const [what, a, b] = line.split(' ');
      if (what === 'recorded') recorded.add(Number(a));
      // Kill it mid-stream: the ledger has taken some, and more than a batch's worth waits in the outbox.
      if (what === 'status' && Number(a) >= 500 && Number(b) >= 300 && !killedAt) {
        killedAt = { acknowledged: Number(a), pending: Number(b) };
        child.kill('SIGKILL');
      }
      if (what === 'done') break;
    }
    const [code, signal] = await exited;
    expect({ code, signal, stderr }).toEqual({ code: null, signal: 'SIGKILL', stderr: '' });
    expect(killedAt).toBeDefined();
    expect(recorded.size).toBeLessThan(FACTS);

    const left = new Database(outbox, { readonly: true });
    const leftover = (left.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
    left.close();
    expect(leftover).toBeGreaterThan(0);

    const next = new LedgerClient({ url: ledger.url, apiKey, outbox });
    expect(next.status().pending).toBe(leftover);
    await next.flush();
    expect(next.status()).toMatchObject({ pending: 0, rejected: 0 });
    await next.close();

    const db = new Database(join(ledger.dataDir, 'events.db'), { readonly: true });
    const rows = db
      .prepare("SELECT position, id, json_extract(data, '$.consentRef') AS ref FROM events WHERE type = 'ConsentGiven' ORDER BY position")
      .all() as { position: number; id: string; ref: string }[];
    db.close();

    const inLog = rows.map((r) => Number(r.ref.slice('ref-'.length)));
    // Exactly once: no fact twice (a retry under a new id would show as its ref twice).
    expect(new Set(inLog).size).toBe(inLog.length);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    // Every fact the dead service had on disk is there; nothing it had not begun to record is.
    for (const n of recorded) expect(inLog).toContain(n);
    // In order: the log holds facts 0..k in the order they were recorded (k may pass the last
    // one printed: it was on disk, the line announcing it was not yet written).
    expect(inLog).toEqual(inLog.map((_, i) => i));
    expect(inLog.length).toBeGreaterThanOrEqual(Math.max(...recorded) + 1);
  }, 180_000);
});
