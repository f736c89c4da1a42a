import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateApiKey } from '@ledger/access';
import { example } from './fixtures/catalog-examples';
import { Caller, HostileRequest, HostileRequests } from './fuzz/hostile-requests';
import { client } from './support/http';
import { LedgerProcess, spawnLedger } from './support/ledger-process';
import { bearer, tempDataDir } from './support/ledger-server';
import { RawRequest, RawResponse, sendRaw } from './support/raw-http';

const SEED = 20_260_301;
const REQUESTS = 6_000;
const BODY_LIMIT = 256 * 1024;
const IN_FLIGHT = 8;

/** What every answer to a hostile request must be; the problems with this one, if any. */
function problemsWith(res: RawResponse | undefined, method: string): string[] {
  if (!res) return ['no answer'];
  const problems: string[] = [];
  if (res.status < 400 || res.status > 499) problems.push(`status ${res.status}`);
  if (/node_modules|\.[jt]s:\d+|\bat [\w.<>]+ \(|FST_ERR/.test(res.body)) problems.push('internals in the body');
  if (method === 'HEAD' || res.body === '') return method === 'HEAD' ? problems : [...problems, 'empty body'];
  try {
    const body = JSON.parse(res.body);
    const keys = Object.keys(body).filter((k) => !['statusCode', 'error', 'message', 'details'].includes(k));
    if (body.statusCode !== res.status || typeof body.error !== 'string' || typeof body.message !== 'string' || keys.length) {
      problems.push('not the error format');
    }
  } catch {
    problems.push('body is not JSON');
  }
  return problems;
}

/**
 * Thousands of generated hostile requests against the real server in its own process (seeded, so every run sends the
 * same ones): malformed envelopes and batches, huge strings, deep nesting, __proto__ and
 * constructor keys, invalid dates and countries, unknown types, broken JSON, wrong content
 * types, huge batches, header and framing abuse, from every kind of caller. Every answer must
 * be a 4xx in the error format, and nothing may be written.
 */
describe(`hostile input: ${REQUESTS} generated requests`, () => {
  const dataDir = tempDataDir();
  let ledger: LedgerProcess;
  let port: number;
  const headers: Record<Caller, [string, string][]> = {} as never;

  const eventCount = () => {
    const db = new Database(join(dataDir, 'events.db'), { readonly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    ledger = await spawnLedger({ LEDGER_DATA_DIR: dataDir, LEDGER_BODY_LIMIT: String(BODY_LIMIT), LEDGER_RATE_LIMIT: '100000000', LEDGER_LOG_LEVEL: 'error' });
    port = Number(new URL(ledger.url).port);
    const admin = client(ledger.url, ledger.auth);
    headers.admin = Object.entries(ledger.auth);
    headers.anonymous = [];
    headers.forged = [['Authorization', `Bearer ${generateApiKey()}`]];
    for (const [role, systems] of [['dpo'], ['regulator'], ['emitter', ['crm']]] as const) {
      const created = await admin.post('/v1/admin/keys', { name: `fuzz ${role}`, role, ...(systems ? { systems } : {}) });
      headers[role] = Object.entries(bearer(created.body.key));
    }
  });
  afterAll(async () => {
    await ledger.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers each with a 4xx in the JSON error format and writes nothing', async () => {
    const admin = client(ledger.url, ledger.auth);
    const recorded = await admin.post('/v1/events/batch', {
      events: [example('PersonalDataCollected', { subject: { system: 'crm', externalId: 'C-1' } }), example('BreachDetected'), example('RecipientRegistered')],
    });
    expect(recorded.status).toBe(201);
    const knownSubjectId = recorded.body.events[0].subjectId;
    const before = { events: eventCount(), keys: (await admin.get('/v1/admin/keys')).body.keys.length };

    const requests = new HostileRequests(SEED, { knownSubjectId, emitterSystem: 'crm', bodyLimit: BODY_LIMIT }).generate(REQUESTS);
    const withCaller = ({ request, caller }: HostileRequest): RawRequest | Buffer => {
      if (Buffer.isBuffer(request) || request.headers?.some(([name]) => name.toLowerCase() === 'authorization')) return request;
      return { ...request, headers: [...headers[caller], ...(request.headers ?? [])] };
    };

    const statuses: Record<string, number> = {};
    const failures: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < requests.length) {
          const index = next++;
          const hostile = requests[index];
          const res = await sendRaw(port, withCaller(hostile));
          const status = String(res?.status ?? 'none');
          statuses[status] = (statuses[status] ?? 0) + 1;
          const method = Buffer.isBuffer(hostile.request) ? hostile.request.toString('latin1').split(' ')[0] : hostile.request.method;
          for (const problem of problemsWith(res, method)) {
            failures.push(`#${index} ${hostile.kind} as ${hostile.caller}: ${problem}: ${res?.body.slice(0, 200) ?? ''}`);
          }
        }
      }),
    );
    console.info(`${REQUESTS} hostile requests (seed ${SEED}), answers by status: ${JSON.stringify(statuses)}`);

    expect(failures.slice(0, 20)).toEqual([]);
    expect(eventCount()).toBe(before.events);
    expect((await admin.get('/v1/admin/keys')).body.keys).toHaveLength(before.keys);
    expect((await admin.get('/v1/audit/access')).body.entries).toEqual([]);
    // The server still works, logged no failure, and nothing reached a prototype.
    expect((await admin.post('/v1/events', example('ConsentGiven'))).status).toBe(201);
    expect(ledger.output()).toBe('');
    expect(JSON.stringify((await admin.get('/v1/admin/keys')).body)).not.toContain('polluted');
    // Not a timing: 6000 requests take half a minute on an idle machine, minutes on a busy one.
  }, 300_000);
});
