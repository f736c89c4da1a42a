import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, openSqlite } from '@ledger/event-store';
import { ProjectionRunner } from '@ledger/projections';
import { LogTreeProjection } from './log-tree.projection';
import { SqliteLogTreeReader } from './sqlite-log-tree';
import { createLogTreeTables } from './sqlite-log-tree-schema';
import { WorkerLogTreeFollower } from './worker-log-tree-follower';
import { sqliteEventLookup } from './event-lookup';

describe('the log tree kept by a worker thread', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-tree-worker-'));
    store = new SqliteEventStore({ file: join(dir, 'events.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const append = async (n: number) => {
    const written = [];
    for (let i = 0; i < n; i++) written.push(...(await store.append(`s-${i % 4}`, [{ id: randomUUID(), type: 'T', data: { i } }])).events);
    return written;
  };

  it('folds in history and live events, says how far it got, and resumes from its checkpoint', async () => {
    const first = await append(30);
    const follower = new WorkerLogTreeFollower({ eventsFile: join(dir, 'events.db'), treeFile: join(dir, 'log-tree.db') });
    follower.start();
    expect(await follower.waitFor(30, 10_000)).toBe(true);
    const live = await append(5);
    expect(await follower.waitFor(35, 10_000)).toBe(true);
    await follower.stop();

    const later = await append(7);
    const again = new WorkerLogTreeFollower({ eventsFile: join(dir, 'events.db'), treeFile: join(dir, 'log-tree.db') });
    again.start();
    expect(await again.waitFor(42, 10_000)).toBe(true);
    await again.stop();

    const db = openSqlite(join(dir, 'log-tree.db'));
    const reader = new SqliteLogTreeReader(db, sqliteEventLookup(store.database));
    expect(reader.size()).toBe(42);
    expect([...first, ...live, ...later].map((e) => reader.leafOf(e.id)!.leafIndex)).toEqual(Array.from({ length: 42 }, (_, i) => i));
    db.close();
  });

  it('builds the same tree, under the same checkpoint, as LogTreeProjection run by a ProjectionRunner', async () => {
    await append(50);
    const follower = new WorkerLogTreeFollower({ eventsFile: join(dir, 'events.db'), treeFile: join(dir, 'by-worker.db') });
    follower.start();
    expect(await follower.waitFor(50, 10_000)).toBe(true);
    await follower.stop();
    const runnerDb = openSqlite(join(dir, 'by-runner.db'));
    const runner = new ProjectionRunner(store, runnerDb, [new LogTreeProjection()]);
    runner.start();
    expect(await runner.waitFor(['log-tree'], 50, 10_000)).toBe(true);
    await runner.stop();

    const workerDb = openSqlite(join(dir, 'by-worker.db'));
    const rows = (db: typeof workerDb) =>
      db.prepare('SELECT leaf_index, hex(hashes) AS hashes, commit_position FROM log_tree_leaves ORDER BY leaf_index').all();
    const checkpoint = (db: typeof workerDb) => db.prepare("SELECT version, commit_position FROM projection_checkpoints WHERE name = 'log-tree'").get();
    expect(rows(workerDb)).toEqual(rows(runnerDb));
    expect(checkpoint(workerDb)).toEqual(checkpoint(runnerDb));
    workerDb.close();
    runnerDb.close();
  });

  it('waits in vain, and says so, for a position the log has not reached', async () => {
    const db = openSqlite(join(dir, 'log-tree.db'));
    createLogTreeTables(db);
    db.close();
    const follower = new WorkerLogTreeFollower({ eventsFile: join(dir, 'events.db'), treeFile: join(dir, 'log-tree.db') });
    follower.start();
    expect(await follower.waitFor(1, 300)).toBe(false);
    await follower.stop();
  });
});
