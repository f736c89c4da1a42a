import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreConformance } from '../conformance/event-store.conformance';
import type { EventStore } from '../port/event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

const dirs = new Map<EventStore, string>();

// Each test gets its own database file on disk: the suite runs on real files, not :memory:.
describeEventStoreConformance('sqlite', {
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-conformance-'));
    const store = new SqliteEventStore({ file: join(dir, 'events.db') });
    dirs.set(store, dir);
    return store;
  },
  async dispose(store) {
    await store.close();
    rmSync(dirs.get(store)!, { recursive: true, force: true });
    dirs.delete(store);
  },
});

// The same contract when every commit waits for a barrier first (as the server's does for the key vault's fsync).
describeEventStoreConformance('sqlite, commits behind a barrier', {
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-conformance-'));
    const store = new SqliteEventStore({ file: join(dir, 'events.db'), beforeCommit: () => new Promise((r) => setImmediate(r)) });
    dirs.set(store, dir);
    return store;
  },
  async dispose(store) {
    await store.close();
    rmSync(dirs.get(store)!, { recursive: true, force: true });
    dirs.delete(store);
  },
});
