import { join } from 'node:path';
import { EVENT_STORE, EventStore, SqliteEventStore, openSqlite } from '@ledger/event-store';
import { ErasureProcess, ErasureStates, ProjectionName, ProjectionRunner, READ_MODEL_NAMES, ReadSide, allProjections } from '@ledger/projections';
import { loadLedgerConfig } from '@ledger/config';
import { generateApiKey } from '@ledger/access';
import { createLedgerApp } from '../apps/ledger/src/bootstrap';
import { REBUILD_BATCH } from '../apps/ledger-cli/src/commands/rebuild.command';
import { fmt, printTable, rate, remove, scratchDir, timed } from './support';
import { workload } from './workload';
import { rawReadAndParse, rebuildEverything } from './rebuild-measure';
import { appendWorkload } from './workload-log';

const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);

/**
 * Issue 12, the read side: (1) rebuilding every read model and the erasure process from one
 * reading of the log, against a raw read-and-parse of the same log in the same run, and against
 * each rebuilt on its own (each reading the log, as before one reader served them all); (2) a
 * burst appended to a running ledger, the read side folding in the thread that serves HTTP or
 * in a worker thread: how fast the burst is stored, how long /health takes meanwhile, and how
 * long after the last append every read model has it.
 */
export async function readSideBench(events = 100_000, subjects = 10_000, burst = 50_000): Promise<void> {
  const dir = scratchDir('read-side');
  try {
    console.log(`\n== read side: rebuild of ${fmt(events)} events over ${fmt(subjects)} subjects; a ${fmt(burst)}-event burst ==`);
    if (events > 0) await rebuildAll(dir, events, subjects);
    const rows: (string | number)[][] = [
      ['burst with the read side in', 'appends events/s', '/health p50 ms', '/health p99 ms', 'read models at the head, ms after the last append'],
    ];
    for (const thread of ['main', 'worker'] as const)
      rows.push([thread === 'main' ? 'the HTTP thread (main)' : 'a worker thread', ...(await burstInto(dir, thread, burst, subjects))]);
    printTable(rows);
  } finally {
    remove(dir);
  }
}

/** Every read model and the erasure process rebuilt from zero, together and one by one, against a raw read of the log. */
async function rebuildAll(dir: string, events: number, subjects: number): Promise<void> {
  {
    const store = new SqliteEventStore({ file: join(dir, 'events.db') });
    await appendWorkload(store, workload(events, subjects, 5));

    await store.close();
    const read = await rawReadAndParse(join(dir, 'events.db'));
    const together = await rebuildEverything(join(dir, 'events.db'), join(dir, 'projections.db'));

    const reopened = new SqliteEventStore({ file: join(dir, 'events.db') });
    const db = openSqlite(join(dir, 'projections.db'), { synchronous: 'NORMAL' });
    const runner = new ProjectionRunner<ProjectionName>(reopened, db, allProjections({ accountRetentionMonths: 24 }), { batchSize: REBUILD_BATCH });
    runner.add(new ErasureProcess(new ErasureStates(db), async () => undefined));
    let apart = 0;
    for (const name of runner.names) apart += (await timed(() => runner.rebuild([name]))).seconds;
    db.close();
    await reopened.close();
    const ratio = (seconds: number) => (rate(events, seconds) / rate(events, read.seconds)).toFixed(2);
    printTable([
      ['rebuild from zero (6 read models + erasure process)', 'events/s', 'seconds', 'ratio to raw read'],
      ['all, one reading of the log (one reader)', fmt(rate(events, together.seconds)), together.seconds.toFixed(1), ratio(together.seconds)],
      ['all, each reading the log on its own', fmt(rate(events, apart)), apart.toFixed(1), ratio(apart)],
      ['(reference: raw SELECT + JSON.parse of every row)', fmt(rate(events, read.seconds)), read.seconds.toFixed(2), '1.00'],
    ]);
  }
}

async function burstInto(dir: string, thread: 'main' | 'worker', events: number, subjects: number): Promise<(string | number)[]> {
  const dataDir = join(dir, `live-${thread}`);
  const app = await createLedgerApp(
    loadLedgerConfig({ LEDGER_DATA_DIR: dataDir, LEDGER_LOG_LEVEL: 'silent', LEDGER_BOOTSTRAP_ADMIN_KEY: generateApiKey(), LEDGER_READ_SIDE_THREAD: thread }),
  );
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const store = app.get<EventStore>(EVENT_STORE);
  const readSide = app.get<ReadSide<ProjectionName>>(ReadSide);
  const facts = workload(events, subjects, thread === 'main' ? 7 : 8);
  const latencies: number[] = [];
  let writing = true;
  // A client asking /health one request after another while the burst goes in: what the HTTP thread has left.
  const health = (async () => {
    while (writing) {
      const start = process.hrtime.bigint();
      await (await fetch(`http://127.0.0.1:${port}/health`)).arrayBuffer();
      latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  })();
  const written = await timed(() => appendWorkload(store, facts));
  const head = (await store.headPosition())!.commit;
  const stored = process.hrtime.bigint();
  while (!readSide.reached([...READ_MODEL_NAMES, 'erasure-process'], head)) await new Promise((r) => setTimeout(r, 2));
  const caughtUp = Number(process.hrtime.bigint() - stored) / 1e6;
  writing = false;
  await health;
  await app.close();
  return [fmt(rate(events, written.seconds)), pct(latencies, 50).toFixed(1), pct(latencies, 99).toFixed(1), fmt(Math.round(caughtUp))];
}
