import { EventEmitter } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import type { EventStore, Subscription } from '@ledger/event-store/port/event-store.port';
import { openSqlite } from '@ledger/event-store/sqlite/sqlite-connection';
import { toRecorded } from '@ledger/event-store/sqlite/sqlite-event-store';
import type { EventRow } from '@ledger/event-store/sqlite/sqlite-schema';
import { SqliteSubscription } from '@ledger/event-store/sqlite/sqlite-subscription';
import { allProjections } from '../all-projections';
import { ErasureProcess } from '../erasure/erasure.process';
import { ErasureStates } from '../erasure/erasure-states';
import type { ProjectionName } from '../projection-names';
import { ProjectionRunner } from '../runner/projection-runner';
import type { FromReadSideWorker, ReadSideWorkerData, ToReadSideWorker } from './read-side-worker-protocol';

/*
 * The read side in its own thread, so that folding the log and writing projections.db never
 * takes the thread that serves HTTP: the read models and the erasure process, run by one
 * ProjectionRunner exactly as in the request thread, over the log read on a read-only
 * connection of its own (WAL: the writer is never held up). Queries stay in the request
 * thread, on their own connection; positions go there after each commit, and shredding (an
 * append through the ledger's commands) is asked of it.
 */
const data = workerData as ReadSideWorkerData;
const port = parentPort!;
const post = (message: FromReadSideWorker) => port.postMessage(message);

const events = openSqlite(data.eventsFile, { readonly: true, cacheMiB: 16 });
const db = openSqlite(data.projectionsFile, { synchronous: 'NORMAL' });
const page = events.prepare(
  'SELECT position, id, stream, revision, type, data, metadata, recorded_at, prev_hash, hash FROM events WHERE position > ? ORDER BY position LIMIT ?',
);
const appended = new EventEmitter();
appended.setMaxListeners(0);

/** The log as the runner reads it: the embedded store's subscription over this thread's connection, woken by the request thread. */
const log: Pick<EventStore, 'subscribeToAll'> = {
  subscribeToAll: (options = {}): Subscription =>
    new SqliteSubscription({
      from: options.fromPosition?.commit ?? 0,
      pageSize: 1000,
      pollIntervalMs: data.pollMs,
      readPage: (after, limit) => (page.all(after, limit) as EventRow[]).map(toRecorded),
      notifier: appended,
      onStop: () => undefined,
    }),
};

let nextRequest = 0;
const shredding = new Map<number, () => void>();
const shredDue = (subjectId: string) =>
  new Promise<void>((resolve) => {
    const request = nextRequest++;
    shredding.set(request, resolve);
    post({ kind: 'shred', request, subjectId });
  });

let reporting = false;
const report = () => {
  // One report per turn of this thread's loop, however many commits it made.
  if (reporting) return;
  reporting = true;
  setImmediate(() => {
    reporting = false;
    post({ kind: 'status', status: runner.status() });
  });
};

const runner = new ProjectionRunner<ProjectionName>(log, db, allProjections({ accountRetentionMonths: data.accountRetentionMonths, rules: data.rules }), {
  retryMs: data.retryMs,
  ...(data.batchSize ? { batchSize: data.batchSize } : {}),
  onError: (projection, error) => post({ kind: 'error', projection, message: (error as Error).message }),
  onQuarantine: (projection, event) => post({ kind: 'quarantine', projection, event }),
  onChange: report,
});
runner.add(new ErasureProcess(new ErasureStates(db), shredDue));

port.on('message', (message: ToReadSideWorker) => {
  if (message.kind === 'start') runner.start();
  else if (message.kind === 'wake') appended.emit('appended');
  else if (message.kind === 'shredded') {
    shredding.get(message.request)?.();
    shredding.delete(message.request);
  } else if (message.kind === 'stop') {
    void runner.stop().finally(() => {
      post({ kind: 'status', status: runner.status() });
      db.close();
      events.close();
      post({ kind: 'stopped' });
      port.close();
    });
  }
});

// The tables are there (and any of another version dropped): the request thread may query them.
post({ kind: 'status', status: runner.status() });
