import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client as http } from './support/http';
import { RunningLedger, startLedger } from './support/ledger-server';

const ROOT = join(__dirname, '..');

/** Issue 16: the example service (examples/signup-service) runs against a ledger with an emitter key from the environment. */
describe('the example signup service', () => {
  let ledger: RunningLedger;
  const dir = mkdtempSync(join(tmpdir(), 'ledger-example-'));
  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(async () => {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a signup, a share with a processor and an export, in that order', async () => {
    const admin = http(ledger.url, ledger.auth);
    const apiKey = (await admin.post('/v1/admin/keys', { name: 'signup-service', role: 'emitter', systems: ['signup-service'] })).body.key;
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'examples/signup-service/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, LEDGER_URL: ledger.url, LEDGER_API_KEY: apiKey, LEDGER_OUTBOX: join(dir, 'outbox.db'), CUSTOMER_ID: 'C-4242' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });

    const printed = JSON.parse(stdout);
    expect(printed).toMatchObject({ customerId: 'C-4242', exported: { duplicate: false }, client: { pending: 0, acknowledged: 5, rejected: 0 } });
    const found = await admin.get('/v1/subjects?system=signup-service&externalId=C-4242', { 'x-purpose': 'example test' });
    expect(found.body).toEqual({ subjectId: printed.subjectId });
    const events = await admin.get(`/v1/subjects/${printed.subjectId}/events`, { 'x-purpose': 'example test' });
    expect(events.status).toBe(200);
    const list = events.body.events as { type: string; id: string }[];
    expect(list.map((e) => e.type)).toEqual([
      'PersonalDataCollected',
      'ConsentGiven',
      'PersonalDataSharedWithProcessor',
      'SubjectRequestReceived',
      'PersonalDataExported',
    ]);
    expect(list[4].id).toBe(printed.exported.id);
  }, 60_000);
});
