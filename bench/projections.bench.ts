import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SqliteEventStore, openSqlite } from '@ledger/event-store';
import { ProjectionRunner, ReadSide, allProjections } from '@ledger/projections';
import { loadLedgerConfig } from '@ledger/config';
import { createLedgerApp } from '../apps/ledger/src/bootstrap';
import { REBUILD_BATCH } from '../apps/ledger-cli/src/commands/rebuild.command';
import { generateApiKey } from '@ledger/access';
import { fmt, printTable, rate, remove, scratchDir, timed } from './support';
import { workload } from './workload';
import { rawReadAndParse } from './rebuild-measure';
import { benchSubjectId, writeWorkloadLog } from './workload-log';

/**
 * Issue 3: full rebuild speed and data-map latency over HTTP, on a log of `events` facts over
 * `subjects` subjects. The log is written straight into the store (already-encoded facts;
 * ingestion has its own bench), then every projection is rebuilt from zero, then the server
 * answers data-map queries for random subjects.
 */
export async function projectionsBench(events = 1_000_000, subjects = 100_000): Promise<void> {
  const dir = scratchDir('projections');
  try {
    console.log(`\n== projections: ${fmt(events)} events over ${fmt(subjects)} subjects ==`);
    await writeWorkloadLog(dir, events, subjects);
    const store = new SqliteEventStore({ file: join(dir, 'events.db') });

    // Reference: read and decode every row once, as each projection's subscription must.
    const read = await rawReadAndParse(join(dir, 'events.db'));

    const db = openSqlite(join(dir, 'projections.db'), { synchronous: 'NORMAL' });
    const runner = new ProjectionRunner(store, db, allProjections({ accountRetentionMonths: 24 }), { batchSize: REBUILD_BATCH });
    const rows: (string | number)[][] = [['projection', 'events/s', 'seconds', 'ratio to raw read']];
    let total = 0;
    for (const name of runner.names) {
      const r = await timed(() => runner.rebuild([name]));
      total += r.seconds;
      rows.push([name, fmt(rate(events, r.seconds)), r.seconds.toFixed(1), (rate(events, r.seconds) / rate(events, read.seconds)).toFixed(2)]);
    }
    rows.push(['all (sequential)', fmt(rate(events, total)), total.toFixed(1), (rate(events, total) / rate(events, read.seconds)).toFixed(2)]);
    rows.push(['(raw read + JSON.parse of every row)', fmt(rate(events, read.seconds)), read.seconds.toFixed(1), '1.00']);
    printTable(rows);
    db.close();
    await store.close();

    await dataMapLatency(dir, subjects);
  } finally {
    remove(dir);
  }
}

async function dataMapLatency(dir: string, subjects: number): Promise<void> {
  const adminKey = generateApiKey();
  const app = await createLedgerApp(loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_LOG_LEVEL: 'silent', LEDGER_BOOTSTRAP_ADMIN_KEY: adminKey }));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const ids = Array.from({ length: 2000 }, (_, i) => benchSubjectId((i * 7919) % subjects));
  const headers = { authorization: `Bearer ${adminKey}`, 'x-purpose': 'latency benchmark' };
  const latencies: number[] = [];
  let ok = 0;
  for (const id of ids) {
    const start = process.hrtime.bigint();
    const res = await fetch(`http://127.0.0.1:${port}/v1/subjects/${id}/data-map`, { headers });
    await res.arrayBuffer();
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (res.status === 200) ok += 1;
  }
  const lag = await projectionLag(app.get(ReadSide), `http://127.0.0.1:${port}`, headers);
  await app.close();
  // Reference: the same profiles read straight from SQLite, no HTTP, no Nest.
  const db = new Database(join(dir, 'projections.db'), { readonly: true });
  const stmt = db.prepare('SELECT profile FROM subject_profiles WHERE subject_id = ?');
  const direct: number[] = [];
  for (const id of ids) {
    const start = process.hrtime.bigint();
    const row = stmt.get(id) as { profile: string } | undefined;
    if (row) JSON.parse(row.profile);
    direct.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  db.close();
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
  printTable([
    ['data-map query', 'p50 ms', 'p99 ms', 'answered 200'],
    ['GET /v1/subjects/:id/data-map over HTTP', pct(latencies, 50).toFixed(2), pct(latencies, 99).toFixed(2), `${ok}/${ids.length}`],
    ['(profile row read from SQLite directly)', pct(direct, 50).toFixed(3), pct(direct, 99).toFixed(3), ''],
  ]);
  printTable([
    ['projection lag after an acknowledged append', 'p50 ms', 'p99 ms', 'appends'],
    ['from the 201 until every projection has applied it', pct(lag.lags, 50).toFixed(2), pct(lag.lags, 99).toFixed(2), lag.lags.length],
    ['from sending the POST until every projection has applied it', pct(lag.sinceSent, 50).toFixed(2), pct(lag.sinceSent, 99).toFixed(2), lag.lags.length],
  ]);
}

/** How far the read models trail the log: from an append's 201 until every projection has applied it. */
async function projectionLag(runner: ReadSide, base: string, headers: Record<string, string>): Promise<{ lags: number[]; sinceSent: number[] }> {
  const lags: number[] = [];
  const sinceSent: number[] = [];
  for (const fact of workload(1000, 1000, 99)) {
    const sent = process.hrtime.bigint();
    const res = await fetch(`${base}/v1/events`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(fact) });
    const { position } = (await res.json()) as { position: number };
    const acked = process.hrtime.bigint();
    await runner.waitFor(runner.names, position, 5000);
    const applied = process.hrtime.bigint();
    lags.push(Number(applied - acked) / 1e6);
    sinceSent.push(Number(applied - sent) / 1e6);
  }
  return { lags, sinceSent };
}
