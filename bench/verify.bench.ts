import { createHash, generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import { EVENT_STORE_SCHEMA, EventRow, SqliteStreamHeads, eventHash, ledgerDigest, openSqlite, verifySqliteLedger } from '@ledger/event-store';
import { LedgerSigner } from '@ledger/vault';
import { fmt, printTable, rate, remove, scratchDir, timed } from './support';
import { rng } from './workload';

/**
 * Issue 6: how fast `verify` checks a ledger, next to what merely reading the same rows costs.
 *  (r) raw better-sqlite3 SELECT of every column of every row: the floor;
 *  (h) the same read plus eventHash of each row in one thread: the naive verifier;
 *  (v1) verifySqliteLedger in one thread; (vN) split over worker threads (the CLI's default);
 * and what a digest at the newest position costs (heads, Merkle root, signature). The ledger is
 * built in a worker thread so that building leaves no garbage in the heap that is measured,
 * and the naive verifier runs last for the same reason.
 */
export async function verifyBench(events = 1_000_000, streams = Math.ceil(events / 10)): Promise<Record<string, number>> {
  const dir = scratchDir('verify');
  const file = join(dir, 'events.db');
  try {
    console.log(`\n== verify: ${fmt(events)} events over ${fmt(streams)} streams ==`);
    const built = await timed(() => buildInWorker({ file, events, streams }));
    console.log(`built in ${built.seconds.toFixed(1)} s (rows inserted directly, with correct hashes)`);

    const db = openSqlite(file, { readonly: true });
    const select = 'SELECT position, id, stream, revision, type, data, metadata, recorded_at, prev_hash, hash FROM events ORDER BY position';
    const raw = await measured(() => {
      let n = 0;
      for (const _ of db.prepare(select).raw().iterate()) n++;
      return n;
    });
    const one = await measured(() => verifySqliteLedger({ file, threads: 1 }));
    const many = await measured(() => verifySqliteLedger({ file }));
    for (const run of [one, many]) if (run.result.problemCount || run.result.events !== events) throw new Error('verify disagreed with the built ledger');
    const hashed = await measured(() => {
      let bad = 0;
      for (const r of db.prepare(select).iterate() as IterableIterator<EventRow>) {
        const hash = eventHash({
          prevHash: r.prev_hash?.toString('hex') ?? null,
          streamId: r.stream,
          revision: r.revision,
          id: r.id,
          type: r.type,
          recordedAt: r.recorded_at,
          data: r.data,
          metadata: r.metadata,
        });
        if (hash !== r.hash.toString('hex')) bad++;
      }
      return bad;
    });
    if (hashed.result) throw new Error(`${hashed.result} hashes did not match`);
    const signer = new LedgerSigner(generateKeyPairSync('ed25519').privateKey);
    const digest = await timed(() => {
      const heads = new SqliteStreamHeads(db).headsAt(events);
      const statement = ledgerDigest(heads, events, new Date().toISOString());
      return { statement, signature: signer.sign(statement) };
    });
    db.close();

    const figures = {
      raw: rate(events, raw.seconds),
      hashed: rate(events, hashed.seconds),
      verify1: rate(events, one.seconds),
      verifyN: rate(events, many.seconds),
    };
    const ratio = (x: number) => (x / figures.raw).toFixed(2);
    printTable([
      ['path', 'events/s', 'seconds', 'CPU seconds', 'ratio to (r)'],
      ['(r) raw SELECT of every column, one thread', fmt(figures.raw), raw.seconds.toFixed(2), raw.cpuSeconds.toFixed(2), '1.00'],
      ['(h) raw SELECT + eventHash per row, one thread', fmt(figures.hashed), hashed.seconds.toFixed(2), hashed.cpuSeconds.toFixed(2), ratio(figures.hashed)],
      ['(v1) verify, one thread', fmt(figures.verify1), one.seconds.toFixed(2), one.cpuSeconds.toFixed(2), ratio(figures.verify1)],
      [
        `(vN) verify, CLI default (${many.result.threads === 1 ? 'one thread' : `${many.result.threads} worker threads`})`,
        fmt(figures.verifyN),
        many.seconds.toFixed(2),
        many.cpuSeconds.toFixed(2),
        ratio(figures.verifyN),
      ],
    ]);
    console.log('CPU seconds count every thread; far more seconds than CPU seconds in one thread means other processes had the cores.');
    console.log(`digest at the newest position (${fmt(streams)} stream heads, Merkle root, Ed25519 signature): ${digest.seconds.toFixed(2)} s`);
    console.log(`verify: ${fmt(Math.max(figures.verify1, figures.verifyN))} events/s (target >= 200,000)`);
    return { ...figures, digestSeconds: digest.seconds };
  } finally {
    remove(dir);
  }
}

/** Wall time and CPU time (all threads of the process) of one run. */
async function measured<T>(work: () => Promise<T> | T): Promise<{ seconds: number; cpuSeconds: number; result: T }> {
  const before = process.cpuUsage();
  const { seconds, result } = await timed(work);
  const cpu = process.cpuUsage(before);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, result };
}

export interface BuildTask {
  file: string;
  events: number;
  streams: number;
}

/** Builds a ledger file of `events` stored facts over `streams` streams, with correct hashes, in a worker thread. */
export function buildInWorker(task: BuildTask): Promise<void> {
  const worker = new Worker(__filename, { workerData: task, execArgv: ['--require', require.resolve('@swc-node/register')] });
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building the ledger failed (exit code ${code})`))));
  });
}

/** Rows shaped like stored facts (clear data, sealed personal values in metadata), chained per stream. */
function buildLedger({ file, events, streams }: BuildTask): void {
  const db = openSqlite(file);
  db.pragma('synchronous = OFF');
  db.exec(EVENT_STORE_SCHEMA);
  const insert = db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const random = rng(6);
  const names = Array.from({ length: streams }, (_, i) => `subject-${uuidLike(random, i)}`);
  const revisions = new Int32Array(streams).fill(-1);
  const heads: (string | null)[] = new Array(streams).fill(null);
  const box = (n: number) => createHash('sha512').update(String(n)).digest('base64');
  const start = Date.UTC(2025, 0, 1);
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const s = Math.floor(random() * streams);
      const revision = ++revisions[s];
      const id = uuidLike(random, i);
      const type = revision === 0 ? 'PersonalDataCollected' : 'PersonalDataSharedWithProcessor';
      const data = `{"categories":["user.contact.email","user.name"],"legalBasis":"contract","purpose":"service","source":"data-subject","system":"customer-portal"}`;
      const metadata = `{"occurredAt":"2025-01-01T10:00:00.000Z","sealed":{"contact":{"box":"${box(i)}","fields":["email"]},"identity":{"box":"${box(-i)}","fields":["name"]}},"subjectId":"${names[s].slice(8)}","system":"crm"}`;
      const recordedAt = new Date(start + i).toISOString();
      const hash = eventHash({ prevHash: heads[s], streamId: names[s], revision, id, type, recordedAt, data, metadata });
      insert.run(id, names[s], revision, type, data, metadata, recordedAt, heads[s] === null ? null : Buffer.from(heads[s]!, 'hex'), Buffer.from(hash, 'hex'));
      heads[s] = hash;
    }
  });
  for (let i = 0; i < events; i += 10_000) batch(i, Math.min(events, i + 10_000));
  db.close();
}

/** A UUID-shaped id, unique by `n`, random in front. */
const uuidLike = (random: () => number, n: number) =>
  `${Math.floor(random() * 2 ** 32)
    .toString(16)
    .padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

// In the builder thread (see buildInWorker): build, then exit.
if (!isMainThread) buildLedger(workerData as BuildTask);
