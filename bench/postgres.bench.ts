import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { PostgresEventStore } from '@ledger/event-store';
import { createPgPool, migrateDatabase } from '@ledger/postgres';
import { TestDatabase, createTestDatabase } from '@ledger/postgres/testing/test-database';
import type { Pool } from 'pg';
import { postgresBenchEvents } from './postgres-events';
import { ingestOverHttp, startPostgresLedgers } from './postgres-http-ingest';
import { fmt, pool, printTable, rate, timed } from './support';
import { workload as factWorkload } from './workload';

interface StoredRow {
  position: string;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
  prev_hash: Buffer | null;
  hash: Buffer;
}

const RAW_INSERT = `
INSERT INTO events (position, id, stream, revision, type, data, metadata, recorded_at, prev_hash, hash)
SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bytea[], $10::bytea[])`;

/**
 * Issue 17: the PostgreSQL event store against raw node-postgres, the same rows in one run, on
 * the machine's server (127.0.0.1:5432), each path in a database of its own.
 *  (a) concurrent single-event appends through the adapter, 256 in flight (group commit);
 *  (b) appendMany through the adapter, 500-event batches, 4 in flight (the batch endpoint's shape);
 *  (c) the same, from two processes at once (the log lock serialises them);
 *  (r) raw node-postgres: the rows (a) stored (positions, revisions, hashes) inserted in
 *      1000-row transactions through one connection, same schema and indexes: the limit.
 * Then the whole ledger over HTTP (issue 17, several instances on one database):
 *  (h2) facts of the ingest workload as POST /v1/events/batch of 500 through two ledger
 *       processes on one database, four clients on each;
 *  (h1) the same through one ledger process, eight clients;
 *  (rh) raw node-postgres: the rows (h2) stored, inserted as (r) does.
 */
export async function postgresBench(events = 100_000, streams = 25_000, httpFacts = 20_000, httpSubjects = 5_000): Promise<Record<string, number>> {
  const workload = postgresBenchEvents(events, streams);
  const databases: TestDatabase[] = [];
  const pools: Pool[] = [];
  const open = async (): Promise<{ url: string; pool: Pool }> => {
    const database = await createTestDatabase('ledger_bench');
    databases.push(database);
    const p = createPgPool({ connectionString: database.url, max: 8 });
    pools.push(p);
    await migrateDatabase(p);
    return { url: database.url, pool: p };
  };
  try {
    console.log(`\n== postgres: ${fmt(events)} events over ${fmt(streams)} streams ==`);

    const A = await open();
    const storeA = new PostgresEventStore({ pool: A.pool });
    const a = await timed(() => pool(workload, 256, ({ streamId, event }) => storeA.append(streamId, [event])));
    await storeA.close();
    const { rows } = await A.pool.query<StoredRow>('SELECT * FROM events ORDER BY position');
    if (rows.length !== events) throw new Error(`(a) stored ${rows.length} of ${events} events`);
    // The reference is measured twice, before and after the other paths, and the faster counts:
    // the machine is shared, and a slow reference would flatter the ratios.
    const R1 = await open();
    const r1 = await timed(() => rawInsert(R1.pool, rows));

    const B = await open();
    const storeB = new PostgresEventStore({ pool: B.pool });
    const batches: (typeof workload)[] = [];
    for (let i = 0; i < workload.length; i += 500) batches.push(workload.slice(i, i + 500));
    const b = await timed(() =>
      pool(batches, 4, (batch) => {
        const byStream = new Map<string, (typeof batch)[number]['event'][]>();
        for (const { streamId, event } of batch) byStream.set(streamId, [...(byStream.get(streamId) ?? []), event]);
        return storeB.appendMany([...byStream].map(([streamId, evs]) => ({ streamId, events: evs })));
      }),
    );
    await storeB.close();

    const C = await open();
    const workers = await Promise.all([0, 1].map((slice) => startAppender(C.url, events, streams, slice, 2, 128)));
    const c = await timed(() => Promise.all(workers.map((w) => w.go())));
    const appendedC = c.result.reduce((n, x) => n + x, 0);
    if (appendedC !== events) throw new Error(`(c) appended ${appendedC} of ${events}`);

    const R2 = await open();
    const r2 = await timed(() => rawInsert(R2.pool, rows));
    const r = r1.seconds <= r2.seconds ? r1 : r2;
    const figures = { a: rate(events, a.seconds), b: rate(events, b.seconds), c: rate(events, c.seconds), r: rate(events, r.seconds) };
    printTable([
      ['path', 'events/s', 'seconds', 'ratio to (r)'],
      ['(a) adapter, concurrent single appends (256 in flight)', fmt(figures.a), a.seconds.toFixed(2), (figures.a / figures.r).toFixed(2)],
      ['(b) adapter, appendMany of 500 (4 in flight)', fmt(figures.b), b.seconds.toFixed(2), (figures.b / figures.r).toFixed(2)],
      ['(c) adapter, two processes (128 in flight each)', fmt(figures.c), c.seconds.toFixed(2), (figures.c / figures.r).toFixed(2)],
      ['(r) raw node-postgres, 1000-row transactions', fmt(figures.r), r.seconds.toFixed(2), '1.00'],
    ]);
    console.log(`(r) measured ${fmt(rate(events, r1.seconds))} and ${fmt(rate(events, r2.seconds))} events/s; the faster is the reference`);
    console.log(`a/r = ${(figures.a / figures.r).toFixed(2)}   b/r = ${(figures.b / figures.r).toFixed(2)}   c/r = ${(figures.c / figures.r).toFixed(2)}`);

    console.log(`\n== postgres over HTTP: ${fmt(httpFacts)} facts over ${fmt(httpSubjects)} subjects, batches of 500 ==`);
    const facts = factWorkload(httpFacts, httpSubjects);
    const overHttp = async (instances: number) => {
      const target = await open();
      const { ledgers, stop } = await startPostgresLedgers(target.url, instances);
      try {
        const run = await timed(() => ingestOverHttp(ledgers, facts, 500, 8 / instances));
        return { seconds: run.seconds, pool: target.pool };
      } finally {
        await stop();
      }
    };
    const h2 = await overHttp(2);
    const { rows: httpRows } = await h2.pool.query<StoredRow>('SELECT * FROM events ORDER BY position');
    if (httpRows.length !== httpFacts) throw new Error(`(h2) stored ${httpRows.length} of ${httpFacts} facts`);
    const RH1 = await open();
    const rh1 = await timed(() => rawInsert(RH1.pool, httpRows));
    const h1 = await overHttp(1);
    const RH2 = await open();
    const rh2 = await timed(() => rawInsert(RH2.pool, httpRows));
    const rh = rh1.seconds <= rh2.seconds ? rh1 : rh2;
    const http = { h2: rate(httpFacts, h2.seconds), h1: rate(httpFacts, h1.seconds), rh: rate(httpFacts, rh.seconds) };
    printTable([
      ['path', 'facts/s', 'seconds', 'ratio to (rh)'],
      ['(h2) HTTP batches of 500, two ledgers on one database (4 clients each)', fmt(http.h2), h2.seconds.toFixed(2), (http.h2 / http.rh).toFixed(2)],
      ['(h1) HTTP batches of 500, one ledger (8 clients)', fmt(http.h1), h1.seconds.toFixed(2), (http.h1 / http.rh).toFixed(2)],
      ['(rh) raw node-postgres, the rows (h2) stored, 1000-row transactions', fmt(http.rh), rh.seconds.toFixed(2), '1.00'],
    ]);
    console.log(`(rh) measured ${fmt(rate(httpFacts, rh1.seconds))} and ${fmt(rate(httpFacts, rh2.seconds))} rows/s; the faster is the reference`);
    console.log(`h2/rh = ${(http.h2 / http.rh).toFixed(2)}   h1/rh = ${(http.h1 / http.rh).toFixed(2)}   h2/h1 = ${(http.h2 / http.h1).toFixed(2)}`);
    return { ...figures, ...http };
  } finally {
    await Promise.all(pools.map((p) => p.end()));
    await Promise.all(databases.map((d) => d.drop()));
  }
}

/** The rows inserted as they are, 1000 per transaction, through one connection. */
async function rawInsert(target: Pool, rows: StoredRow[]): Promise<void> {
  const raw = await target.connect();
  try {
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      await raw.query('BEGIN');
      await raw.query({
        name: 'raw-insert',
        text: RAW_INSERT,
        values: [
          chunk.map((x) => x.position),
          chunk.map((x) => x.id),
          chunk.map((x) => x.stream),
          chunk.map((x) => x.revision),
          chunk.map((x) => x.type),
          chunk.map((x) => x.data),
          chunk.map((x) => x.metadata),
          chunk.map((x) => x.recorded_at),
          chunk.map((x) => x.prev_hash),
          chunk.map((x) => x.hash),
        ],
      });
      await raw.query('COMMIT');
    }
  } finally {
    raw.release();
  }
}

/** A child process that appends its slice of the workload once told to go; resolves when it is ready. */
async function startAppender(url: string, events: number, streams: number, slice: number, slices: number, inFlight: number) {
  const child = spawn(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      join(__dirname, 'postgres-append-worker.ts'),
      url,
      String(events),
      String(streams),
      String(slice),
      String(slices),
      String(inFlight),
    ],
    { cwd: join(__dirname, '..'), stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let out = '';
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.startsWith('ready\n')) resolve();
    });
    void exited.then(([code]) => reject(new Error(`append worker ${slice} exited with ${code} before it was ready`)));
  });
  return {
    async go(): Promise<number> {
      child.stdin!.write('go\n');
      const [code] = await exited;
      const done = /done (\d+)/.exec(out);
      if (code !== 0 || !done) throw new Error(`append worker ${slice} exited with ${code}`);
      return Number(done[1]);
    },
  };
}
