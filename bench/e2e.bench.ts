import Database from 'better-sqlite3';
import { ChildProcess, fork, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateApiKey } from '@ledger/access';
import { EVENT_STORE_SCHEMA, EventRow, openSqlite } from '@ledger/event-store';
import { freePort } from '../test/support/ledger-process';
import type { LoadResult, LoadTask } from './e2e-load';
import { rawReadAndParse, rebuildEverything } from './rebuild-measure';
import { fmt, printTable, rate, remove, scratchDir } from './support';
import { rng } from './workload';

const ROOT = join(__dirname, '..');
const SWC = ['-r', '@swc-node/register'];

/** The bench's knobs (environment variables; see docs/benchmarks.md for the full-size run). */
export interface E2eOptions {
  /** Facts in the batched burst (BENCH_E2E_EVENTS). */
  events: number;
  /** Subjects they are spread over (BENCH_E2E_SUBJECTS): also the data map's population. */
  subjects: number;
  /** Single-event POSTs (BENCH_E2E_SINGLES), from `clients` concurrent clients (BENCH_E2E_CLIENTS). */
  singles: number;
  clients: number;
  /** Facts per batch and batches in flight (BENCH_E2E_BATCH, BENCH_E2E_INFLIGHT). */
  batch: number;
  inflight: number;
  /** Data-map queries per round (BENCH_E2E_QUERIES). */
  queries: number;
  /** Skip `nest build ledger` (BENCH_E2E_SKIP_BUILD=1) when dist/ is fresh. */
  skipBuild: boolean;
  /** A directory for the server's CPU profile (BENCH_E2E_CPU_PROF): node --cpu-prof. */
  cpuProfDir?: string;
  /** Extra node flags for the server (BENCH_E2E_NODE_FLAGS), e.g. "--max-old-space-size=384". */
  nodeFlags: string[];
}

export function e2eOptions(env: NodeJS.ProcessEnv = process.env): E2eOptions {
  const n = (name: string, fallback: number) => Number(env[name] ?? fallback);
  return {
    events: n('BENCH_E2E_EVENTS', 200_000),
    subjects: n('BENCH_E2E_SUBJECTS', 50_000),
    singles: n('BENCH_E2E_SINGLES', 20_000),
    clients: n('BENCH_E2E_CLIENTS', 64),
    batch: n('BENCH_E2E_BATCH', 500),
    inflight: n('BENCH_E2E_INFLIGHT', 4),
    queries: n('BENCH_E2E_QUERIES', 2_000),
    skipBuild: env.BENCH_E2E_SKIP_BUILD === '1',
    cpuProfDir: env.BENCH_E2E_CPU_PROF || undefined,
    nodeFlags: (env.BENCH_E2E_NODE_FLAGS ?? '').split(' ').filter(Boolean),
  };
}

/**
 * Issue 12: the ledger as users run it (`npm start`: the built server, read models on), driven
 * over HTTP by a load generator in a second process, against references measured in the same run:
 *  (a) raw better-sqlite3 inserts of the rows the ledger stored, 1000 per transaction;
 *  (b) a do-nothing Fastify endpoint in its own process that parses the same bodies and answers 201.
 * Prints batched ingest vs (a), single-event POSTs vs (b) with p50/p99, the read models'
 * catch-up after the burst, data-map p99 (sequential and 16 clients) and the server's peak RSS.
 */
export async function e2eBench(options: E2eOptions = e2eOptions()): Promise<Record<string, number>> {
  const o = options;
  if (o.nodeFlags.length) console.log(`server node flags: ${o.nodeFlags.join(' ')}`);
  console.log(
    `\n== e2e: ${fmt(o.events)}-event burst in batches of ${o.batch} (${o.inflight} in flight) over ${fmt(o.subjects)} subjects; ` +
      `${fmt(o.singles)} single POSTs from ${o.clients} clients; ${fmt(o.queries)} data-map queries ==`,
  );
  if (!o.skipBuild) {
    const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', 'ledger'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('nest build ledger failed');
  }
  const dir = scratchDir('e2e');
  const load = fork(join(__dirname, 'e2e-load.ts'), [], { execArgv: SWC, stdio: 'inherit' });
  const figures: Record<string, number> = {};
  let ledger: Server | undefined;
  try {
    // (b) first, alone on the machine: the HTTP stack's own limit for single-event POSTs.
    const sink = await startSink();
    const sinkRun = await run(load, { op: 'singles', base: sink.url, headers: {}, events: o.singles, subjects: o.subjects, clients: o.clients, prefix: 'F-' });
    await sink.stop();

    ledger = await startLedger(join(dir, 'ledger'), [...o.nodeFlags, ...(o.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`] : [])]);
    const admin = { authorization: `Bearer ${ledger.adminKey}` };
    const headers = { ...admin, 'x-purpose': 'e2e benchmark' };

    const burst = await run(load, {
      op: 'batches',
      base: ledger.url,
      headers,
      events: o.events,
      subjects: o.subjects,
      batch: o.batch,
      inflight: o.inflight,
      prefix: '',
      keepIds: o.subjects,
    });
    const caught = await run(load, { op: 'catchUp', base: ledger.url, headers: admin, position: burst.lastPosition!, timeoutMs: 600_000 });
    const burstRss = peakRss(ledger.child.pid!);

    // (a): the rows the ledger stored, inserted raw into a fresh file with the same schema and pragmas.
    const raw = rawInserts(join(dir, 'ledger', 'events.db'), join(dir, 'raw', 'events.db'));
    if (raw.rows !== o.events) throw new Error(`the ledger stored ${raw.rows} events of ${o.events}`);

    const singles = await run(load, { op: 'singles', base: ledger.url, headers, events: o.singles, subjects: o.subjects, clients: o.clients, prefix: 'S-' });
    await run(load, { op: 'catchUp', base: ledger.url, headers: admin, position: singles.lastPosition!, timeoutMs: 600_000 });

    const r = rng(7);
    const ids = burst.subjectIds!;
    const sample = Array.from({ length: o.queries }, () => ids[Math.floor(r() * ids.length)]);
    const sequential = await run(load, { op: 'dataMap', base: ledger.url, headers, ids: sample, clients: 1 });
    const parallel = await run(load, { op: 'dataMap', base: ledger.url, headers, ids: sample, clients: 16 });
    const finalRss = peakRss(ledger.child.pid!);
    await ledger.stop();
    ledger = undefined;

    // Every read model rebuilt from the log the run wrote, against a raw read and parse of it.
    const eventsFile = join(dir, 'ledger', 'events.db');
    const read = await rawReadAndParse(eventsFile);
    const rebuilt = await rebuildEverything(eventsFile, join(dir, 'rebuilt-projections.db'));

    const ingest = rate(o.events, burst.seconds!);
    const rawRate = rate(raw.rows, raw.seconds);
    const single = rate(singles.count!, singles.seconds!);
    const sinkRate = rate(sinkRun.count!, sinkRun.seconds!);
    const ok = (r: LoadResult, status: number) => `${r.statuses?.[status] ?? 0}/${r.count}`;
    printTable([
      ['figure', 'value', 'reference', 'ratio', 'target'],
      ['batched HTTP ingest, read models on (events/s)', fmt(ingest), `(a) raw inserts ${fmt(rawRate)}`, (ingest / rawRate).toFixed(2), '>= 0.5'],
      [`single-event POSTs, ${o.clients} clients (events/s)`, fmt(single), `(b) do-nothing Fastify ${fmt(sinkRate)}`, (single / sinkRate).toFixed(2), '>= 0.5'],
      ['  p50 / p99 ms', `${singles.p50!.toFixed(1)} / ${singles.p99!.toFixed(1)}`, `(b) ${sinkRun.p50!.toFixed(1)} / ${sinkRun.p99!.toFixed(1)}`, '', ''],
      ['  answered 201', ok(singles, 201), ok(sinkRun, 201), '', ''],
      [`read models caught up after the ${fmt(o.events)}-event burst (ms)`, caught.catchUpMs!.toFixed(0), 'from the last 201', '', '<= 2000'],
      [
        `data map, sequential, ${fmt(o.subjects)} subjects: p50 / p99 ms`,
        `${sequential.p50!.toFixed(2)} / ${sequential.p99!.toFixed(2)}`,
        ok(sequential, 200),
        '',
        'p99 <= 5',
      ],
      [`data map, 16 clients: p50 / p99 ms`, `${parallel.p50!.toFixed(2)} / ${parallel.p99!.toFixed(2)}`, ok(parallel, 200), '', 'p99 <= 20'],
      ['server peak RSS through the burst (MiB)', fmt(burstRss), `at the end: ${fmt(finalRss)}`, '', '<= 512'],
      [
        `rebuild of every read model, ${fmt(read.rows)} events (events/s)`,
        fmt(rate(read.rows, rebuilt.seconds)),
        `raw read + JSON.parse ${fmt(rate(read.rows, read.seconds))}`,
        (read.seconds / rebuilt.seconds).toFixed(2),
        '>= 0.25',
      ],
    ]);
    Object.assign(figures, {
      ingest,
      raw: rawRate,
      ingestRatio: ingest / rawRate,
      single,
      sink: sinkRate,
      singleRatio: single / sinkRate,
      singleP50: singles.p50!,
      singleP99: singles.p99!,
      catchUpMs: caught.catchUpMs!,
      dataMapP99: sequential.p99!,
      dataMapP99Parallel: parallel.p99!,
      peakRssMiB: burstRss,
      rebuildRatio: read.seconds / rebuilt.seconds,
    });
    return figures;
  } finally {
    load.disconnect();
    await ledger?.stop();
    remove(dir);
  }
}

interface Server {
  url: string;
  adminKey: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The server as `npm start` runs it: the build's main.js, read models on, a fresh data dir and admin key. */
async function startLedger(dataDir: string, nodeFlags: string[]): Promise<Server> {
  const port = await freePort();
  const adminKey = generateApiKey();
  const child = spawn(process.execPath, [...nodeFlags, join(ROOT, 'dist/apps/ledger/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      LEDGER_DATA_DIR: dataDir,
      LEDGER_BOOTSTRAP_ADMIN_KEY: adminKey,
      LEDGER_LOG_LEVEL: 'warn',
      // One client makes every request here: the per-key limit would measure the limiter.
      LEDGER_RATE_LIMIT: '1000000000',
      PORT: String(port),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; ;) {
    if (child.exitCode !== null) throw new Error(`ledger exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('ledger did not start within 60 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    adminKey,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      // SIGTERM: a clean shutdown, which is also when --cpu-prof writes its profile.
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function startSink(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = fork(join(__dirname, 'e2e-sink.ts'), [], { execArgv: SWC, stdio: 'inherit' });
  const [{ port }] = (await once(child, 'message')) as [{ port: number }];
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}

function run(load: ChildProcess, task: LoadTask): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    load.once('message', (result: LoadResult) => (result.error ? reject(new Error(`${task.op}: ${result.error}`)) : resolve(result)));
    load.send(task);
  });
}

/** The process's peak resident set (VmHWM), MiB: Linux only. */
function peakRss(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
  return line ? Math.round(Number(line[1]) / 1024) : NaN;
}

function rawInserts(source: string, target: string): { rows: number; seconds: number } {
  const from = new Database(source, { readonly: true });
  const rows = from.prepare('SELECT * FROM events ORDER BY position').all() as EventRow[];
  from.close();
  const db = openSqlite(target);
  db.exec(EVENT_STORE_SCHEMA);
  const insert = db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertMany = db.transaction((chunk: EventRow[]) => {
    for (const r of chunk) insert.run(r.id, r.stream, r.revision, r.type, r.data, r.metadata, r.recorded_at, r.prev_hash, r.hash);
  });
  const start = process.hrtime.bigint();
  for (let i = 0; i < rows.length; i += 1000) insertMany(rows.slice(i, i + 1000));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  return { rows: rows.length, seconds };
}
