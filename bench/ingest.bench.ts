import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { EVENT_STORE_SCHEMA, EventRow, NewEvent, SqliteEventStore, openSqlite } from '@ledger/event-store';
import { loadLedgerConfig } from '@ledger/config';
import { FactInspector } from '../apps/ledger/src/ingestion/fact-inspector';
import { RecordFactsCommand } from '../apps/ledger/src/ingestion/record-facts.command';
import { BENCH_RECORDER, CommandPathModule } from './command-path.module';
import { fmt, pool, printTable, rate, remove, scratchDir, timed } from './support';
import { workload } from './workload';

/**
 * Issue 2: the same events appended three ways, in one run.
 *  (a) the ledger's command path in-process: validation, subject resolution, sealing, decider, append;
 *  (b) concurrent single-event appends straight into the store (group commit);
 *  (c) raw better-sqlite3 batched inserts of the same rows: the limit on this machine.
 */
export async function ingestBench(events = 200_000, subjects = 50_000): Promise<Record<string, number>> {
  const facts = workload(events, subjects);
  const dirA = scratchDir('a');
  const dirB = scratchDir('b');
  const dirC = scratchDir('c');
  try {
    console.log(`\n== ingest: ${fmt(events)} events over ${fmt(subjects)} subjects ==`);

    const config = loadLedgerConfig({ LEDGER_DATA_DIR: dirA, LEDGER_LOG_LEVEL: 'silent' });
    const app = await NestFactory.createApplicationContext(CommandPathModule.forRoot(config), { logger: false });
    const inspector = app.get(FactInspector);
    const commands = app.get(CommandBus);
    const batches: (typeof facts)[] = [];
    for (let i = 0; i < facts.length; i += 500) batches.push(facts.slice(i, i + 500));
    const a = await timed(() =>
      pool(batches, 4, async (batch) => commands.execute(new RecordFactsCommand(await inspector.batch({ events: batch }), BENCH_RECORDER))),
    );
    await app.close();

    // The stored rows of (a), replayed by (b) and (c).
    const source = new Database(join(dirA, 'events.db'), { readonly: true });
    const rows = source.prepare('SELECT * FROM events ORDER BY position').all() as EventRow[];
    source.close();
    if (rows.length !== events) throw new Error(`(a) stored ${rows.length} of ${events} events`);

    const store = new SqliteEventStore({ file: join(dirB, 'events.db') });
    const newEvents = rows.map((r): [string, NewEvent] => [r.stream, { id: r.id, type: r.type, data: JSON.parse(r.data), metadata: JSON.parse(r.metadata) }]);
    const b = await timed(() => pool(newEvents, 256, ([stream, event]) => store.append(stream, [event])));
    await store.close();

    const db = openSqlite(join(dirC, 'events.db'));
    db.exec(EVENT_STORE_SCHEMA);
    const insert = db.prepare(
      'INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertMany = db.transaction((chunk: EventRow[]) => {
      for (const r of chunk) insert.run(r.id, r.stream, r.revision, r.type, r.data, r.metadata, r.recorded_at, r.prev_hash, r.hash);
    });
    const c = await timed(() => {
      for (let i = 0; i < rows.length; i += 1000) insertMany(rows.slice(i, i + 1000));
    });
    db.close();

    const figures = { a: rate(events, a.seconds), b: rate(events, b.seconds), c: rate(events, c.seconds) };
    printTable([
      ['path', 'events/s', 'seconds', 'ratio to (c)'],
      ['(a) command path, in-process, validated', fmt(figures.a), a.seconds.toFixed(2), (figures.a / figures.c).toFixed(2)],
      ['(b) store, concurrent single appends', fmt(figures.b), b.seconds.toFixed(2), (figures.b / figures.c).toFixed(2)],
      ['(c) raw better-sqlite3, 1000-row batches', fmt(figures.c), c.seconds.toFixed(2), '1.00'],
    ]);
    console.log(`a/c = ${(figures.a / figures.c).toFixed(2)}   b/c = ${(figures.b / figures.c).toFixed(2)}   (target >= 0.5)`);
    return figures;
  } finally {
    [dirA, dirB, dirC].forEach(remove);
  }
}
