import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from '../sqlite/sqlite-connection';
import { RangeChecker } from './range-checker';
import { scanRange } from './sqlite-range-scan';
import type { RangeMessage, RangeTask } from './range-task';

// A worker thread of verifySqliteLedger: checks one range of positions on its own read-only connection.
const task = workerData as RangeTask;
const db = openSqlite(task.file, { readonly: true, cacheMiB: 32 });
try {
  const checker = new RangeChecker(task.from, task.to, task.maxProblems);
  scanRange(db, task.from, task.to, checker, (rows) => parentPort!.postMessage({ rows } satisfies RangeMessage));
  parentPort!.postMessage({ result: checker.finish() } satisfies RangeMessage);
} finally {
  db.close();
}
