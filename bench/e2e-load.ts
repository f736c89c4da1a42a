import type { Fact } from '@ledger/domain';
import { HttpDriver, percentile } from './e2e-http';
import { workload } from './workload';

/**
 * The load generator of the e2e bench, in its own process (forked by e2e.bench.ts) so that the
 * client's work is not on the server's core: it gets one task per message and answers with the
 * figures it measured.
 */
export type LoadTask =
  | {
      op: 'batches';
      base: string;
      headers: Record<string, string>;
      events: number;
      subjects: number;
      batch: number;
      inflight: number;
      prefix: string;
      keepIds: number;
    }
  | { op: 'singles'; base: string; headers: Record<string, string>; events: number; subjects: number; clients: number; prefix: string }
  | { op: 'catchUp'; base: string; headers: Record<string, string>; position: number; timeoutMs: number }
  | { op: 'dataMap'; base: string; headers: Record<string, string>; ids: string[]; clients: number };

export interface LoadResult {
  seconds?: number;
  count?: number;
  statuses?: Record<string, number>;
  p50?: number;
  p99?: number;
  lastPosition?: number;
  subjectIds?: string[];
  catchUpMs?: number;
  error?: string;
}

/** The workload with its subjects renamed, so each phase creates its own new subjects. */
function factsFor(prefix: string, events: number, subjects: number): Fact[] {
  return workload(events, subjects).map((f) =>
    f.subject && 'externalId' in f.subject ? { ...f, subject: { ...f.subject, externalId: `${prefix}${f.subject.externalId}` } } : f,
  );
}

async function inPool(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** When the last write of this process was acknowledged: catch-up is timed from there. */
let lastAck = process.hrtime.bigint();

const tally = (statuses: Record<string, number>, status: number) => (statuses[status] = (statuses[status] ?? 0) + 1);

async function batches(task: Extract<LoadTask, { op: 'batches' }>): Promise<LoadResult> {
  const facts = factsFor(task.prefix, task.events, task.subjects);
  const bodies: string[] = [];
  for (let i = 0; i < facts.length; i += task.batch) bodies.push(JSON.stringify({ events: facts.slice(i, i + task.batch) }));
  const http = new HttpDriver(task.base, task.headers, task.inflight);
  const statuses: Record<string, number> = {};
  const subjectIds = new Set<string>();
  let lastPosition = 0;
  const post = async (i: number) => {
    const res = await http.send('POST', '/v1/events/batch', bodies[i]);
    tally(statuses, res.status);
    lastAck = process.hrtime.bigint();
    if (res.status !== 201) throw new Error(`batch ${i} answered ${res.status}: ${res.body.slice(0, 500)}`);
    for (const e of (JSON.parse(res.body) as { events: { position: number; subjectId?: string }[] }).events) {
      lastPosition = Math.max(lastPosition, e.position);
      if (e.subjectId && subjectIds.size < task.keepIds) subjectIds.add(e.subjectId);
    }
  };
  const start = process.hrtime.bigint();
  // The first batch holds the breaches later facts link to: recorded before the rest go in parallel.
  await post(0);
  await inPool(bodies.length - 1, task.inflight, (i) => post(i + 1));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  http.close();
  return { seconds, count: facts.length, statuses, lastPosition, subjectIds: [...subjectIds] };
}

async function singles(task: Extract<LoadTask, { op: 'singles' }>): Promise<LoadResult> {
  const bodies = factsFor(task.prefix, task.events, task.subjects).map((f) => JSON.stringify(f));
  const http = new HttpDriver(task.base, task.headers, task.clients);
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let lastPosition = 0;
  // Warm the connections and the JIT on both sides, outside the timing.
  await inPool(Math.min(task.clients * 4, bodies.length), task.clients, async (i) => {
    await http.send('GET', '/health');
    void i;
  });
  const start = process.hrtime.bigint();
  await inPool(bodies.length, task.clients, async (i) => {
    const res = await http.send('POST', '/v1/events', bodies[i]);
    tally(statuses, res.status);
    latencies.push(res.ms);
    lastAck = process.hrtime.bigint();
    if (res.status === 201) lastPosition = Math.max(lastPosition, (JSON.parse(res.body) as { position: number }).position);
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  http.close();
  return { seconds, count: bodies.length, statuses, p50: percentile(latencies, 50), p99: percentile(latencies, 99), lastPosition };
}

/**
 * From the last acknowledged write until readiness says every read model has applied
 * `position`: polled every 5 ms (the admin key sees each read model's position).
 */
async function catchUp(task: Extract<LoadTask, { op: 'catchUp' }>): Promise<LoadResult> {
  const http = new HttpDriver(task.base, task.headers, 1);
  const start = lastAck;
  try {
    for (;;) {
      const res = await http.send('GET', '/health/ready');
      const body = JSON.parse(res.body) as { status: string; readModels?: { position: number }[] };
      const models = body.readModels ?? [];
      if (res.status === 200 && models.length > 0 && models.every((m) => m.position >= task.position)) break;
      const waited = Number(process.hrtime.bigint() - start) / 1e6;
      if (waited > task.timeoutMs) return { catchUpMs: waited, error: `not caught up after ${Math.round(waited)} ms: ${res.body.slice(0, 1000)}` };
      await new Promise((r) => setTimeout(r, 5));
    }
    return { catchUpMs: Number(process.hrtime.bigint() - start) / 1e6 };
  } finally {
    http.close();
  }
}

async function dataMap(task: Extract<LoadTask, { op: 'dataMap' }>): Promise<LoadResult> {
  const http = new HttpDriver(task.base, task.headers, task.clients);
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const start = process.hrtime.bigint();
  await inPool(task.ids.length, task.clients, async (i) => {
    const res = await http.send('GET', `/v1/subjects/${task.ids[i]}/data-map`);
    tally(statuses, res.status);
    latencies.push(res.ms);
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  http.close();
  return { seconds, count: task.ids.length, statuses, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

const OPS = { batches, singles, catchUp, dataMap } as const;

process.on('message', (task: LoadTask) => {
  (OPS[task.op] as (t: LoadTask) => Promise<LoadResult>)(task).then(
    (result) => process.send!(result),
    (error: Error) => process.send!({ error: error.stack ?? String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
