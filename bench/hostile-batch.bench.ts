import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { client } from '../test/support/http';
import { spawnLedger } from '../test/support/ledger-process';
import { bearer } from '../test/support/ledger-server';
import { fmt, printTable, remove, scratchDir, timed } from './support';

const B = 'B-BENCH-HOSTILE';

/** Issue 19's hostile batch: 1,000 PersonalDataBreached facts over 10 subjects, each naming `perFact` new custom categories. */
const hostileBatch = (round: number, perFact: number) => ({
  events: Array.from({ length: 1000 }, (_, i) => ({
    id: randomUUID(),
    type: 'PersonalDataBreached',
    occurredAt: '2026-01-10T10:00:00Z',
    subject: { system: 'crm', externalId: `C-H${i % 10}` },
    data: { breachId: B, categories: Array.from({ length: perFact }, (_, j) => `custom.r${round}_${i}_${j}`) },
  })),
});

interface Latencies {
  samples: number[];
  stop(): Promise<void>;
}

/** The sampler, in a worker thread of its own: building a 1 MB batch in this thread must not count as the server's delay. */
const SAMPLER = `
const { parentPort, workerData } = require('node:worker_threads');
let running = true;
const samples = [];
parentPort.on('message', () => (running = false));
(async () => {
  while (running) {
    const start = performance.now();
    const res = await fetch(workerData.url + '/health');
    await res.arrayBuffer();
    samples.push(performance.now() - start);
  }
  parentPort.postMessage(samples);
})();`;

/** Asks GET /health over and over until stopped, keeping each answer's latency in ms. */
function sampleHealth(url: string): Latencies {
  const worker = new Worker(SAMPLER, { eval: true, workerData: { url } });
  const result: Latencies = {
    samples: [],
    stop: async () => {
      const done = once(worker, 'message');
      worker.postMessage('stop');
      result.samples.push(...((await done)[0] as number[]));
      await worker.terminate();
    },
  };
  return result;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * `npm run bench -- hostile`: the ledger in its own process, /health asked in a loop while an
 * emitter sends issue 19's hostile batch (refused now) and then the largest batches the limits
 * allow, five in a row; then the breach's PDF summary. The reference is /health on the idle server.
 */
export async function hostileBatchBench(): Promise<void> {
  const dir = scratchDir('hostile');
  const ledger = await spawnLedger({ LEDGER_DATA_DIR: dir, LEDGER_RATE_LIMIT: '100000000', LEDGER_LOG_LEVEL: 'error', LEDGER_CONTROLLER_PROFILE: 'config/controller-profile.hostinghuis.json' });
  try {
    console.log('\n== hostile batch: /health while an emitter sends 1,000 facts full of new categories ==');
    const admin = client(ledger.url, ledger.auth);
    const key = (await admin.post('/v1/admin/keys', { name: 'bench emitter', role: 'emitter', systems: ['crm'] })).body.key;
    const emitter = client(ledger.url, bearer(key));
    await admin.post('/v1/events', {
      id: randomUUID(), type: 'BreachDetected', occurredAt: '2026-01-10T08:00:00Z', breachId: B,
      data: { awareAt: '2026-01-10T08:00:00Z', nature: ['confidentiality'], description: 'bench', categories: ['user.contact.email'], approxSubjects: 10, approxRecords: 10, ongoing: false },
    });

    const idle = sampleHealth(ledger.url);
    await new Promise((r) => setTimeout(r, 1000));
    await idle.stop();

    const refusedHealth = sampleHealth(ledger.url);
    const refused = await timed(() => emitter.post('/v1/events/batch', hostileBatch(0, 200)));
    await refusedHealth.stop();
    if (refused.result.status !== 400) throw new Error(`the hostile batch was answered ${refused.result.status}`);

    const allowedHealth = sampleHealth(ledger.url);
    const allowed = await timed(async () => {
      let position = 0;
      for (let round = 1; round <= 5; round++) {
        const res = await emitter.post('/v1/events/batch', hostileBatch(round, 32));
        if (res.status !== 201) throw new Error(`an allowed batch was answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
        position = Math.max(position, ...res.body.events.map((e: { position: number }) => e.position));
      }
      const folded = await admin.get(`/v1/breaches/${B}?minPosition=${position}`);
      if (folded.status !== 200) throw new Error(`the register answered ${folded.status}`);
    });
    await allowedHealth.stop();

    const pdf = await timed(async () => (await fetch(`${ledger.url}/v1/breaches/${B}/summary?format=pdf`, { headers: ledger.auth })).arrayBuffer());

    const row = (what: string, samples: number[], seconds: number) => [what, fmt(samples.length), ms(percentile(samples, 50)), ms(percentile(samples, 99)), ms(Math.max(...samples)), `${seconds.toFixed(2)} s`];
    printTable([
      ['while', '/health answers', 'p50', 'p99', 'max', 'took'],
      row('idle (reference)', idle.samples, 1),
      row('the hostile batch (200 new categories × 1,000 facts), refused', refusedHealth.samples, refused.seconds),
      row('5 allowed batches (32 new categories × 1,000 facts), appended and folded', allowedHealth.samples, allowed.seconds),
    ]);
    console.log(`PDF summary of the breach afterwards: ${pdf.seconds.toFixed(2)} s (${fmt(pdf.result.byteLength)} bytes)`);
    console.log(`max /health during the allowed batches / idle p50: ${(Math.max(...allowedHealth.samples) / percentile(idle.samples, 50)).toFixed(0)}x`);
  } finally {
    await ledger.kill('SIGTERM');
    remove(dir);
  }
}
