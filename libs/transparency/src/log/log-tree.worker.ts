import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from '@ledger/event-store/sqlite/sqlite-connection';
import { CheckpointStore } from '@ledger/projections/runner/checkpoint-store';
import { LogTreeProjection } from './log-tree.projection';
import { LogTreeWorkerData, LogTreeWorkerMessage, STOP, WAKE } from './log-tree-worker-protocol';
import type { LoggedEvent } from './sqlite-log-tree';

/*
 * The log tree's follower on the embedded store, in its own thread so that hashing the tree
 * (two SHA-256 an event) never takes from ingestion. It reads only what a leaf needs — position,
 * id and hash — on its own read-only connection, and writes leaves and checkpoint in one
 * transaction, under the same checkpoint row and version as LogTreeProjection run by a
 * ProjectionRunner: the two are interchangeable.
 */
const data = workerData as LogTreeWorkerData;
const signals = new Int32Array(data.signals);
const post = (message: LogTreeWorkerMessage) => parentPort!.postMessage(message);
const BATCH = 1000;

const events = openSqlite(data.eventsFile, { readonly: true, cacheMiB: 16 });
const tree = openSqlite(data.treeFile, { synchronous: 'NORMAL' });
const checkpoints = new CheckpointStore(tree);
const projection = new LogTreeProjection();
const stored = checkpoints.load(projection.name);
if (stored && stored.version !== projection.version) {
  tree.transaction(() => {
    for (const table of projection.tables) tree.exec(`DROP TABLE IF EXISTS "${table}"`);
    checkpoints.clear(projection.name);
  })();
}
projection.setup(tree);
let after = stored?.version === projection.version ? (stored.position?.commit ?? 0) : 0;
post({ position: after });

const page = events.prepare('SELECT position, id, lower(hex(hash)) AS hash FROM events WHERE position > ? ORDER BY position LIMIT ?');
const commit = tree.transaction((batch: LoggedEvent[]) => {
  projection.apply(batch as never);
  const last = batch[batch.length - 1].position;
  checkpoints.save(projection.name, projection.version, last);
});

try {
  while (Atomics.load(signals, STOP) === 0) {
    const woken = Atomics.load(signals, WAKE);
    let rows: { position: number; id: string; hash: string }[];
    try {
      rows = page.all(after, BATCH) as typeof rows;
      if (rows.length > 0) {
        commit(rows.map((r) => ({ id: r.id, hash: r.hash, position: { commit: r.position, prepare: r.position } })));
        after = rows[rows.length - 1].position;
        post({ position: after });
        continue;
      }
    } catch (error) {
      projection.discardUncommitted();
      post({ error: (error as Error).message });
      Atomics.wait(signals, STOP, 0, data.retryMs);
      continue;
    }
    // Nothing new: sleep until woken (a reader waiting for a position, or stop) or the next poll.
    Atomics.wait(signals, WAKE, woken, data.pollMs);
  }
} finally {
  events.close();
  tree.close();
}
