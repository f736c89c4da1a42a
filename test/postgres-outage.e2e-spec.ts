import { Client } from 'pg';
import { createTestDatabase, TEST_SERVER_URL, TestDatabase } from '@ledger/postgres/testing/test-database';
import { DATABASE_UNAVAILABLE } from '../apps/ledger/src/common/error-body';
import { example } from './fixtures/catalog-examples';
import { eventually } from './support/eventually';
import { client } from './support/http';
import { LedgerProcess, spawnLedger } from './support/ledger-process';
import { tempDataDir } from './support/ledger-server';
import { CuttableProxy, startCuttableProxy } from './support/cuttable-proxy';

type Phase = 'before' | 'cut' | 'after';

/**
 * Issue 17, point 4: a real ledger process on LEDGER_EVENT_STORE=postgres reaches the machine's
 * PostgreSQL through a TCP proxy the test takes away and restores, under load from concurrent
 * clients that resend what they were not acknowledged, as an outbox does. Two kinds of outage:
 * `cut` resets every connection and every new one (a stopped server, a reset network: clients
 * learn at once); `freeze` forwards nothing and closes nothing (a partition dropping packets:
 * only the ledger's timeouts tell, LEDGER_DATABASE_QUERY_TIMEOUT_SECONDS, shortened here). The
 * server itself keeps running for the other work on the machine.
 */
describe.each([
  ['cut', 100],
  ['freeze', 16],
] as const)('a PostgreSQL outage under load (%s)', (outage, unavailableAnswers) => {
  let database: TestDatabase;
  let proxy: CuttableProxy;
  let ledger: LedgerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    const server = new URL(TEST_SERVER_URL);
    proxy = await startCuttableProxy({ host: server.hostname, port: Number(server.port || 5432) });
    ledger = await spawnLedger({
      LEDGER_EVENT_STORE: 'postgres',
      LEDGER_DATABASE_URL: proxy.through(database.url),
      LEDGER_DATA_DIR: tempDataDir(),
      LEDGER_DATABASE_QUERY_TIMEOUT_SECONDS: '2',
    });
  });
  afterAll(async () => {
    await ledger?.kill();
    await proxy?.close();
    await database?.drop();
  });

  it('answers 503 with a clear message (never 500) while it lasts, loses nothing acknowledged, and recovers by itself', async () => {
    const api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'outage test' });
    const pid = ledger.child.pid;
    const CLIENTS = 8;
    let phase: Phase = 'before';
    let stop = false;
    const statuses: Record<Phase, Record<number, number>> = { before: {}, cut: {}, after: {} };
    const acked = new Map<string, { fact: object; position: number; subjectId: string }>();
    const unexpected: unknown[] = [];
    const sent = new Set<string>();
    const count = (status: number) => (statuses[phase][status] = (statuses[phase][status] ?? 0) + 1);
    const seen = (p: Phase, status: number) => statuses[p][status] ?? 0;

    const worker = async (c: number): Promise<void> => {
      let unanswered: { id: string } | undefined;
      for (let n = 0; !stop || unanswered; n++) {
        const fact = unanswered ?? (example('ConsentGiven', { subject: { system: 'crm', externalId: `C-${c}-${n % 4}` } }) as { id: string });
        sent.add(fact.id);
        const res = await api.post('/v1/events', fact).catch((error: Error) => ({ status: 0, body: error.message, headers: new Headers() }));
        count(res.status);
        if (res.status === 201 || res.status === 200) {
          if (acked.has(fact.id)) unexpected.push({ twiceAcknowledged: fact.id });
          acked.set(fact.id, { fact, position: res.body.position, subjectId: res.body.subjectId });
          unanswered = undefined;
        } else if (res.status === 503) {
          if (res.body?.message !== DATABASE_UNAVAILABLE || res.headers.get('retry-after') !== '1') unexpected.push(res.body);
          // Resent until acknowledged: it may have been recorded before the connection went.
          unanswered = fact;
          await new Promise((r) => setTimeout(r, 20));
        } else {
          unexpected.push({ status: res.status, body: res.body });
          unanswered = undefined;
          // A connection refused means the ledger is gone: nothing more to learn from this client.
          if (res.status === 0) return;
        }
      }
    };
    const workers = Array.from({ length: CLIENTS }, (_, c) => worker(c));
    const reach = (what: string, check: () => boolean) =>
      eventually(
        async () => {
          if (ledger.child.exitCode !== null || ledger.child.signalCode !== null) throw new Error(`the ledger exited:\n${ledger.output()}`);
          return check() ? true : undefined;
        },
        what,
        120_000,
      );

    await reach('acknowledged facts before the cut', () => seen('before', 201) >= 150);
    if (outage === 'cut') proxy.cut();
    else proxy.freeze();
    phase = 'cut';
    await reach(`503s during the outage`, () => seen('cut', 503) >= unavailableAnswers);
    // Health says so meanwhile; readiness keeps its details to itself (the key that would see them cannot be looked up).
    expect(await api.get('/health')).toMatchObject({ status: 503, body: { status: 'down' } });
    expect(await api.get('/health/ready')).toMatchObject({ status: 503, body: { status: 'not-ready' } });
    proxy.restore();
    phase = 'after';
    await reach('acknowledged facts after the database returned', () => seen('after', 201) >= 150);
    stop = true;
    await Promise.all(workers);

    process.stderr.write(`outage test (${outage}): ${JSON.stringify(statuses)}\n`);
    expect(unexpected).toEqual([]);
    for (const p of ['before', 'cut', 'after'] as const) expect(Object.keys(statuses[p]).filter((s) => !['200', '201', '503'].includes(s))).toEqual([]);
    // Recovered without a restart: the same process, never exited.
    expect(ledger.child.pid).toBe(pid);
    expect(ledger.child.exitCode).toBeNull();
    expect(ledger.output()).not.toMatch(/request failed|uncaught|unhandled/i);

    // Every fact sent was acknowledged in the end (resent after each 503), and each is in the log exactly once.
    expect(acked.size).toBe(sent.size);
    const positions = [...acked.values()].map((a) => a.position).sort((x, y) => x - y);
    expect(positions).toEqual(Array.from({ length: acked.size }, (_, i) => i + 1));
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ n: string; distinct_ids: string; head: string }>(
        'SELECT count(*) AS n, count(DISTINCT id) AS distinct_ids, max(position) AS head FROM events',
      );
      expect(rows[0]).toEqual({ n: String(acked.size), distinct_ids: String(acked.size), head: String(acked.size) });
    } finally {
      await db.end();
    }
    // Resent once more, each is known: answered 200 at the position it was acknowledged at.
    const facts = [...acked.entries()];
    for (let i = 0; i < facts.length; i += CLIENTS) {
      await Promise.all(
        facts.slice(i, i + CLIENTS).map(async ([, { fact, position }]) => {
          const again = await api.post('/v1/events', fact);
          expect({ status: again.status, position: again.body.position }).toEqual({ status: 200, position });
        }),
      );
    }

    // The read side caught up by itself: read-your-writes at the head answers.
    const last = facts[facts.length - 1][1];
    const history = await api.get(`/v1/subjects/${last.subjectId}/history?minPosition=${acked.size}`);
    expect(history.status).toBe(200);
    await eventually(async () => ((await api.get('/health/ready')).status === 200 ? true : undefined), 'the ledger to be ready again');
  }, 240_000);
});
