import type Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { openSqlite } from '../sqlite/sqlite-connection';
import { compareWithDigest } from './digest-comparison';
import type { DigestProblem, IntegrityProblem } from './integrity-problem';
import type { SignedDigest } from './ledger-digest';
import { RangeChecker, RangeResult } from './range-checker';
import { linkRanges } from './range-linker';
import type { RangeMessage, RangeTask } from './range-task';
import type { SignatureCheck } from './signature';
import { SqliteStreamHeads } from './sqlite-stream-heads';
import { scanRange } from './sqlite-range-scan';

export interface LedgerVerificationOptions {
  /** The SQLite event store file (events.db); opened read-only. */
  file: string;
  /** A digest saved earlier, to hold the ledger against, and how to check its signature. */
  digest?: { signed: SignedDigest; checkSignature: SignatureCheck };
  /** Worker threads hashing in parallel; by default one per core (up to 4) on logs of 500,000 events or more. */
  threads?: number;
  /** Called as events are checked, with the number checked and the log's last position. */
  onProgress?: (checked: number, total: number) => void;
  /** Problems kept in the report (all are counted). */
  maxProblems?: number;
}

export interface DigestCheckSummary {
  readonly position: number;
  readonly streams: number;
  readonly issuedAt: string;
  readonly keyId: string;
  readonly signatureValid: boolean;
  /** Whether the digest carried its heads, so that a changed stream could be named. */
  readonly withHeads: boolean;
}

export interface VerificationReport {
  readonly events: number;
  readonly streams: number;
  /** The log's last position (0 when empty). */
  readonly lastPosition: number;
  /** Chain problems first, in log order (the first is the first broken place), then digest problems. */
  readonly problems: IntegrityProblem[];
  readonly problemCount: number;
  /** Threads that hashed: 1 is the calling thread, more are worker threads. */
  readonly threads: number;
  readonly digest?: DigestCheckSummary;
}

// Below this, starting worker threads (a TypeScript loader each, under `npm run ledger`) costs more than it saves.
const IN_THREAD_BELOW = 500_000;
const IN_THREAD_STEP = 65_536;

/**
 * Verifies a SQLite ledger file from its bytes: every stream's chain from revision 0 (revision
 * continuity, each prevHash equal to the previous event's hash, each hash recomputed over the
 * stored bytes) and the global position sequence from 1 (a gap is a deleted row). With a
 * digest: its signature, and that every stream head it committed to is still there unchanged,
 * which is what catches a stream cut short at its tail or a rewrite with consistent hashes.
 */
export async function verifySqliteLedger(options: LedgerVerificationOptions): Promise<VerificationReport> {
  const maxProblems = options.maxProblems ?? 1000;
  const db = openSqlite(options.file, { readonly: true });
  try {
    const lastPosition = (db.prepare('SELECT MAX(position) FROM events').pluck().get() as number | null) ?? 0;
    const threads = Math.max(1, Math.min(options.threads ?? (lastPosition < IN_THREAD_BELOW ? 1 : Math.min(availableParallelism(), 4)), lastPosition));
    let checked = 0;
    const progress = (rows: number) => {
      checked += rows;
      options.onProgress?.(checked, lastPosition);
    };
    const results =
      lastPosition === 0
        ? []
        : threads === 1
          ? [await checkInThread(db, lastPosition, maxProblems, progress)]
          : await Promise.all(split(lastPosition, threads).map(([from, to]) => checkInWorker({ file: options.file, from, to, maxProblems }, progress)));
    const chains = linkRanges(results, maxProblems);
    const problems: IntegrityProblem[] = [...chains.problems];
    let problemCount = chains.problemCount;
    let digest: DigestCheckSummary | undefined;
    if (options.digest) {
      const found = checkDigest(db, options.digest.signed, options.digest.checkSignature, lastPosition);
      problems.push(...found.problems);
      problemCount += found.problems.length;
      digest = found.summary;
    }
    return { events: chains.events, streams: chains.streams, lastPosition, problems, problemCount, threads, digest };
  } finally {
    db.close();
  }
}

function checkDigest(db: Database.Database, signed: SignedDigest, checkSignature: SignatureCheck, lastPosition: number) {
  const { digest, signature } = signed;
  const problems: DigestProblem[] = [];
  const verdict = checkSignature(digest, signature);
  if (!verdict.valid) problems.push({ kind: 'bad-signature', reason: verdict.reason });
  if (digest.position > lastPosition) problems.push({ kind: 'log-shortened', position: digest.position, last: lastPosition });
  problems.push(...compareWithDigest(signed, new SqliteStreamHeads(db).headsAt(digest.position)));
  const summary: DigestCheckSummary = {
    position: digest.position,
    streams: digest.streams,
    issuedAt: digest.issuedAt,
    keyId: signature.keyId,
    signatureValid: verdict.valid,
    withHeads: signed.heads !== undefined,
  };
  return { problems, summary };
}

/** [from, to] ranges of about equal size covering positions 1..last. */
function split(last: number, parts: number): [number, number][] {
  const size = Math.ceil(last / parts);
  return Array.from({ length: parts }, (_, i): [number, number] => [i * size + 1, Math.min(last, (i + 1) * size)]).filter(([from, to]) => from <= to);
}

/** Small logs: no thread start-up; yields between steps so progress can be drawn. */
async function checkInThread(db: Database.Database, last: number, maxProblems: number, progress: (rows: number) => void): Promise<RangeResult> {
  const checker = new RangeChecker(1, last, maxProblems);
  for (let from = 1; from <= last; from += IN_THREAD_STEP) {
    scanRange(db, from, Math.min(last, from + IN_THREAD_STEP - 1), checker, progress);
    await turn();
  }
  return checker.finish();
}

function checkInWorker(task: RangeTask, progress: (rows: number) => void): Promise<RangeResult> {
  // Run from TypeScript sources (tests, `npm run ledger`), the worker needs the same loader.
  const ext = extname(__filename);
  const worker = new Worker(join(__dirname, `verify-range.worker${ext}`), {
    workerData: task,
    ...(ext === '.ts' ? { execArgv: ['--require', require.resolve('@swc-node/register')] } : {}),
  });
  return new Promise((resolve, reject) => {
    let result: RangeResult | undefined;
    worker.on('message', (message: RangeMessage) => {
      if ('rows' in message) progress(message.rows);
      else result = message.result;
    });
    worker.on('error', reject);
    worker.on('exit', (code) =>
      result ? resolve(result) : reject(new Error(`verify worker for positions ${task.from}-${task.to} stopped (exit code ${code})`)),
    );
  });
}
