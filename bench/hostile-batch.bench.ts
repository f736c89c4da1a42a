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

/**
 * The sampler, in a worker thread of its own (building a 1 MB batch in this thread must not count
 * as the server's delay): asks GET /health over and over, filing each answer's latency under the
 * phase it was asked in; the main thread names the phases.
 */
const SAMPLER = `
const { parentPort, workerData } = require('node:worker_threads');
let phase;
const samples = {};
parentPort.on('message', (message) => {
  if (message === null) parentPort.postMessage(samples), (phase = undefined);
  else phase = message;
});
(async () => {
  for (;;) {
    const asked = phase;
    const start = performance.now();
    try {
      const res = await fetch(workerData.url + '/health');
      await res.arrayBuffer();
    } catch {
      if (phase === undefined) return;
    }
    if (asked && asked === phase) (samples[asked] ??= []).push(performance.now() - start);
    if (phase === undefined && asked === undefined) await new Promise((r) => setTimeout(r, 5));
  }
})();`;

class HealthSampler {
  private readonly worker: Worker;

  constructor(url: string) {
    this.worker = new Worker(SAMPLER, { eval: true, workerData: { url } });
  }

  phase(name: string): void {
    this.worker.postMessage(name);
  }

  /** The latencies in ms of the answers to /health asked in each phase. */
  async stop(): Promise<Record<string, number[]>> {
    const done = once(this.worker, 'message');
    this.worker.postMessage(null);
    const [samples] = await done;
    await this.worker.terminate();
    return samples as Record<string, number[]>;
  }
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
  const ledger = await spawnLedger({
    LEDGER_DATA_DIR: dir,
    LEDGER_RATE_LIMIT: '100000000',
    LEDGER_LOG_LEVEL: 'error',
    LEDGER_CONTROLLER_PROFILE: 'config/controller-profile.hostinghuis.json',
  });
  try {
    console.log('\n== hostile batch: /health while an emitter sends 1,000 facts full of new categories ==');
    const admin = client(ledger.url, ledger.auth);
    const key = (await admin.post('/v1/admin/keys', { name: 'bench emitter', role: 'emitter', systems: ['crm'] })).body.key;
    const emitter = client(ledger.url, bearer(key));
    await admin.post('/v1/events', {
      id: randomUUID(),
      type: 'BreachDetected',
      occurredAt: '2026-01-10T08:00:00Z',
      breachId: B,
      data: {
        awareAt: '2026-01-10T08:00:00Z',
        nature: ['confidentiality'],
        description: 'bench',
        categories: ['user.contact.email'],
        approxSubjects: 10,
        approxRecords: 10,
        ongoing: false,
      },
    });

    const sampler = new HealthSampler(ledger.url);
    await new Promise((r) => setTimeout(r, 500));
    sampler.phase('idle');
    await new Promise((r) => setTimeout(r, 1000));

    sampler.phase('refused');
    const refused = await timed(() => emitter.post('/v1/events/batch', hostileBatch(0, 200)));
    if (refused.result.status !== 400) throw new Error(`the hostile batch was answered ${refused.result.status}`);

    sampler.phase('allowed');
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
    const samples = await sampler.stop();

    const pdf = await timed(async () => (await fetch(`${ledger.url}/v1/breaches/${B}/summary?format=pdf`, { headers: ledger.auth })).arrayBuffer());

    const row = (what: string, samples: number[], seconds: number) => [
      what,
      fmt(samples.length),
      ms(percentile(samples, 50)),
      ms(percentile(samples, 99)),
      ms(Math.max(...samples)),
      `${seconds.toFixed(2)} s`,
    ];
    printTable([
      ['while', '/health answers', 'p50', 'p99', 'max', 'took'],
      row('idle (reference)', samples.idle ?? [], 1),
      row('the hostile batch (200 new categories × 1,000 facts), refused', samples.refused ?? [], refused.seconds),
      row('5 allowed batches (32 new categories × 1,000 facts), appended and folded', samples.allowed ?? [], allowed.seconds),
    ]);
    console.log(`PDF summary of the breach afterwards: ${pdf.seconds.toFixed(2)} s (${fmt(pdf.result.byteLength)} bytes)`);
  } finally {
    await ledger.kill('SIGTERM');
    remove(dir);
  }
}
