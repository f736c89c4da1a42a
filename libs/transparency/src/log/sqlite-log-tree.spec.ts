import type Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, SqliteEventStore, Subscription, openSqlite } from '@ledger/event-store';
import { EventStoreDbEventStore } from '@ledger/event-store/eventstoredb/eventstoredb-event-store';
import { InMemoryEsdbClient } from '@ledger/event-store/eventstoredb/testing/in-memory-esdb-client';
import { ProjectionRunner } from '@ledger/projections';
import { MemoryTree } from '../merkle/memory-tree';
import { verifyConsistency, verifyInclusion } from '../merkle/verify';
import { rootHash } from '../merkle/proofs';
import { logLeaf, logLeafHash } from './log-leaf';
import { LogTreeMismatchError } from './log-tree';
import { LogTreeProjection } from './log-tree.projection';
import { SqliteLogTreeReader, SqliteLogTreeWriter } from './sqlite-log-tree';
import { scanTree } from './tree-scan';

/** The i-th event of a log whose positions go up in steps of 3. */
const fakeEvent = (i: number) => ({
  id: randomUUID(),
  hash: createHash('sha256').update(`event ${i}`).digest('hex'),
  position: { commit: 3 * i + 1, prepare: 3 * i + 1 },
});

/** The store with every position multiplied by 7 on the way out: sparse, as EventStoreDB's commit positions are. */
const sparsePositions = (store: EventStore): EventStore =>
  Object.assign(Object.create(store), {
    subscribeToAll(options: Parameters<EventStore['subscribeToAll']>[0]): Subscription {
      const from = options?.fromPosition && { commit: options.fromPosition.commit / 7, prepare: options.fromPosition.prepare / 7 };
      const inner = store.subscribeToAll({ fromPosition: from });
      const scale = (p: { commit: number; prepare: number }) => ({ commit: p.commit * 7, prepare: p.prepare * 7 });
      return {
        stop: () => inner.stop(),
        async *[Symbol.asyncIterator]() {
          for await (const m of inner) {
            if (m.kind === 'event') yield { ...m, event: { ...m.event, position: scale(m.event.position) } };
            else if (m.kind === 'caught-up') yield { ...m, position: m.position && scale(m.position) };
            else yield { ...m, position: scale(m.position) };
          }
        },
      };
    },
  });

describe('the log tree in SQLite', () => {
  let dir: string;
  let db: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-log-tree-'));
    db = openSqlite(join(dir, 'log-tree.db'), { synchronous: 'NORMAL' });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['the event store finds events by id', false],
    ['the tree keeps its own id index', true],
  ])('has the same roots and proofs as a tree built in memory, for every size it passed through (%s)', (_, indexEventIds) => {
    const events = Array.from({ length: 300 }, (_, i) => fakeEvent(i));
    const writer = new SqliteLogTreeWriter(db, { indexEventIds });
    for (let i = 0; i < events.length; i += 37) db.transaction(() => writer.append(events.slice(i, i + 37)))();
    const memory = MemoryTree.ofLeaves(events.map((e) => logLeaf(e.id, e.hash)));
    const byId = new Map<string, (typeof events)[number]>(events.map((e) => [e.id, e]));
    const reader = new SqliteLogTreeReader(db, indexEventIds ? undefined : (id) => byId.get(id));
    expect(reader.size()).toBe(300);
    expect(writer.root()).toEqual(memory.root());
    for (const size of [1, 2, 3, 64, 65, 127, 128, 200, 300]) {
      const root = reader.root(size);
      expect(root).toEqual(rootHash(size, memory));
      for (const index of new Set([0, Math.min(1, size - 1), size >> 1, size - 1])) {
        const leaf = reader.leafOf(events[index].id)!;
        expect(leaf).toMatchObject({ leafIndex: index, eventHash: events[index].hash });
        expect(reader.leafAt(index).position).toEqual(events[index].position);
        expect(verifyInclusion(index, size, leaf.leafHash, reader.inclusionProof(index, size), root)).toEqual({ valid: true });
      }
      expect(verifyConsistency(size, 300, reader.consistencyProof(size, 300), root, reader.root(300))).toEqual({ valid: true });
    }
    expect(reader.leafOf(randomUUID())).toBeUndefined();
    expect(reader.leafIndexAt({ commit: 2, prepare: 2 })).toBeUndefined();
  });

  it('says so when the log no longer holds at a leaf what the tree was built from', () => {
    const events = Array.from({ length: 5 }, (_, i) => fakeEvent(i));
    db.transaction(() => new SqliteLogTreeWriter(db).append(events))();
    const rewritten = { ...events[2], hash: createHash('sha256').update('rewritten').digest('hex') };
    const reader = new SqliteLogTreeReader(db, (id) => (id === rewritten.id ? rewritten : events.find((e) => e.id === id)));
    expect(reader.leafOf(events[1].id)?.leafIndex).toBe(1);
    expect(() => reader.leafOf(rewritten.id)).toThrow(LogTreeMismatchError);
  });

  it('picks up where the stored tree ends after a reopen, and forgets appends whose transaction rolled back', () => {
    const events = Array.from({ length: 50 }, (_, i) => fakeEvent(i));
    const first = new SqliteLogTreeWriter(db);
    db.transaction(() => first.append(events.slice(0, 21)))();
    const reopened = new SqliteLogTreeWriter(db);
    expect(reopened.size).toBe(21);
    expect(() =>
      db.transaction(() => {
        reopened.append(events.slice(21, 30));
        throw new Error('the checkpoint could not be written');
      })(),
    ).toThrow();
    reopened.reload();
    expect(reopened.size).toBe(21);
    db.transaction(() => reopened.append(events.slice(21)))();
    expect(reopened.root()).toEqual(MemoryTree.ofLeaves(events.map((e) => logLeaf(e.id, e.hash))).root());
  });

  it('follows the log from its own checkpoint with consecutive leaf indexes, even where log positions are sparse', async () => {
    const store = new SqliteEventStore({ file: join(dir, 'events.db') });
    try {
      const appended = [];
      for (let i = 0; i < 5; i++) appended.push(...(await store.append(`s-${i % 2}`, [{ id: randomUUID(), type: 'T', data: { i } }])).events);
      const runner = new ProjectionRunner(sparsePositions(store), db, [new LogTreeProjection({ indexEventIds: true })]);
      runner.start();
      expect(await runner.waitFor(['log-tree'], 5 * 7, 5000)).toBe(true);
      await runner.stop();
      appended.push(...(await store.append('s-0', [{ id: randomUUID(), type: 'T', data: { i: 5 } }])).events);
      const again = new ProjectionRunner(sparsePositions(store), db, [new LogTreeProjection({ indexEventIds: true })]);
      again.start();
      expect(await again.waitFor(['log-tree'], 6 * 7, 5000)).toBe(true);
      await again.stop();
      const reader = new SqliteLogTreeReader(db);
      expect(appended.map((e) => reader.leafOf(e.id)!.leafIndex)).toEqual([0, 1, 2, 3, 4, 5]);
      const stored = [];
      for await (const event of store.readAll()) stored.push(logLeaf(event.id, event.hash));
      expect(reader.root(6)).toEqual(MemoryTree.ofLeaves(stored).root());
    } finally {
      await store.close();
    }
  });
});

describe('the log tree on EventStoreDB (the adapter on its in-memory client)', () => {
  it('numbers the leaves consecutively in log order and finds them through its own id index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-log-tree-esdb-'));
    const db = openSqlite(join(dir, 'log-tree.db'), { synchronous: 'NORMAL' });
    const store = new EventStoreDbEventStore({ client: new InMemoryEsdbClient(), now: () => new Date('2026-01-01T00:00:00Z'), caughtUpProbeMs: 10 });
    try {
      const appended = [];
      for (let i = 0; i < 6; i++) {
        const result = await store.append(`s-${i % 3}`, [
          { id: randomUUID(), type: 'T', data: { i } },
          { id: randomUUID(), type: 'T', data: { i, second: true } },
        ]);
        appended.push(...result.events);
      }
      const runner = new ProjectionRunner(store, db, [new LogTreeProjection({ indexEventIds: true })]);
      runner.start();
      expect(await runner.waitFor(['log-tree'], appended.at(-1)!.position.commit, 5000)).toBe(true);
      await runner.stop();
      const reader = new SqliteLogTreeReader(db);
      expect(appended.map((e) => reader.leafOf(e.id)?.leafIndex)).toEqual(appended.map((_, i) => i));
      const stored = [];
      for await (const event of store.readAll()) stored.push(logLeaf(event.id, event.hash));
      expect(reader.root(12)).toEqual(MemoryTree.ofLeaves(stored).root());
    } finally {
      await store.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a tree rebuilt in one pass', () => {
  it('has the roots and the consistency proof of the tree built in memory', () => {
    const events = Array.from({ length: 100 }, (_, i) => fakeEvent(i));
    const leaves = events.map((e) => logLeafHash(e.id, e.hash));
    const memory = MemoryTree.ofLeaves(events.map((e) => logLeaf(e.id, e.hash)));
    for (const from of [1, 2, 63, 64, 65, 99, 100]) {
      const scanned = scanTree(leaves, 100, from);
      expect(scanned.fromRoot).toEqual(rootHash(from, memory));
      expect(scanned.root).toEqual(memory.root());
      expect(verifyConsistency(from, 100, scanned.consistency, scanned.fromRoot, scanned.root)).toEqual({ valid: true });
    }
    expect(() => scanTree(leaves.slice(0, 50), 100, 10)).toThrow(/found 50/);
  });
});
