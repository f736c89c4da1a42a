import { join } from 'node:path';
import { SqliteStreamHeads, digestBasis, openSqlite } from '@ledger/event-store';
import { runCli } from '../test/support/ledger-cli';
import { spawnLedger } from '../test/support/ledger-process';
import { fmt, printTable, remove, scratchDir, timed } from './support';
import { buildInWorker } from './verify.bench';

/**
 * Issue 19: does the server stay responsive while digests are computed? The server in its own
 * process (as `npm run start:dev` runs it) on a ledger of `streams` streams; while ten digest
 * requests for the newest position run concurrently, a client polls GET /health one request
 * after another and records each answer's latency. Reference, measured in the same run: the
 * CPU time of one digest basis computed synchronously, which is how long the endpoint used to
 * hold the server's only thread for each request.
 */
export async function digestBench(streams = 100_000, events = streams * 2): Promise<Record<string, number>> {
  const dir = scratchDir('digest');
  try {
    console.log(`\n== digest: ${fmt(events)} events over ${fmt(streams)} streams, ten concurrent requests ==`);
    const file = join(dir, 'events.db');
    await buildInWorker({ file, events, streams });
    const db = openSqlite(file, { readonly: true });
    const reference = await timed(() => digestBasis(new SqliteStreamHeads(db).headsAt(events), events));
    db.close();

    // The read models are folded first (`ledger rebuild`), so the server starts caught up and the
    // measurement is of the digest alone. The built facts share without naming a recipient, which
    // the record of processing refuses at the first such fact: it is left to fail at once.
    const rebuilt = await timed(() => runCli(['rebuild', 'subjects', 'history', 'breaches', 'recipients'], { LEDGER_DATA_DIR: dir }));
    if (rebuilt.result.code !== 0) throw new Error(`rebuild failed: ${rebuilt.result.stderr}`);
    console.log(`read models rebuilt in ${rebuilt.seconds.toFixed(1)} s`);
    const ledger = await spawnLedger({ LEDGER_DATA_DIR: dir, LEDGER_LOG_LEVEL: 'silent' });
    try {
      const settled = async () => {
        const { readModels } = (await (await fetch(`${ledger.url}/health/ready`, { headers: ledger.auth })).json()) as {
          readModels: { lag: number; error?: string }[];
        };
        return readModels.every((m) => m.lag === 0 || m.error);
      };
      const caughtUp = await timed(async () => {
        while (!(await settled())) await new Promise((r) => setTimeout(r, 500));
      });
      console.log(`read models caught up in ${caughtUp.seconds.toFixed(1)} s`);

      const run = await pollWhile(ledger.url, async () => {
        const bodies = await Promise.all(
          Array.from({ length: 10 }, async () => (await fetch(`${ledger.url}/v1/ledger/digest`, { headers: ledger.auth })).text()),
        );
        if (new Set(bodies).size !== 1) throw new Error('the ten digests differ');
        return bodies[0].length;
      });
      const cached = await timed(() => fetch(`${ledger.url}/v1/ledger/digest`, { headers: ledger.auth }).then((r) => r.text()));
      printTable([
        ['', 'seconds', '/health answers', 'p50 ms', 'max ms'],
        ['(s) one digest basis, synchronously (the old endpoint held the server thread this long per request)', reference.seconds.toFixed(2), '-', '-', '-'],
        [
          '(w) ten concurrent GET /v1/ledger/digest: worker thread, one computation, cached',
          run.seconds.toFixed(2),
          run.latencies.length,
          ms(percentile(run.latencies, 0.5)),
          ms(Math.max(...run.latencies)),
        ],
      ]);
      console.log(`each answer ${fmt(run.result)} bytes; a further request for the position (cached) took ${ms(cached.seconds)} ms`);
      return { referenceSeconds: reference.seconds, digestSeconds: run.seconds, healthMaxMs: Math.max(...run.latencies) * 1000 };
    } finally {
      await ledger.kill('SIGTERM');
    }
  } finally {
    remove(dir);
  }
}

/** Polls GET /health, one request after another, until `work` is done: each answer's latency in seconds. */
async function pollWhile<T>(url: string, work: () => Promise<T>): Promise<{ seconds: number; latencies: number[]; result: T }> {
  let done = false;
  const latencies: number[] = [];
  const polling = (async () => {
    while (!done) latencies.push((await timed(() => fetch(`${url}/health`).then((r) => r.text()))).seconds);
  })();
  const { seconds, result } = await timed(work);
  done = true;
  await polling;
  return { seconds, latencies, result };
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
const ms = (seconds: number) => (seconds * 1000).toFixed(1);
