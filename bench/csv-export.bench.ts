import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ReadModels } from '@ledger/projections';
import { generateApiKey } from '@ledger/access';
import { createLedgerApp } from '../apps/ledger/src/bootstrap';
import { loadLedgerConfig } from '@ledger/config';
import { fmt, printTable, remove, scratchDir } from './support';

const NOW = '2026-11-24T12:00:00Z';
const MiB = 2 ** 20;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Peak RSS and heap above what they were before `work`: sampled every 5 ms while it runs, and
 * the live heap — after a full collection, once a second while it runs and once at its end with
 * its result still held — which is what the work keeps, garbage not counted.
 */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ rss: number; heap: number; live: number; seconds: number; result: T }> {
  gc();
  const before = process.memoryUsage();
  let rss = before.rss;
  let heap = before.heapUsed;
  let live = before.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 5);
  const collector = setInterval(() => {
    gc();
    live = Math.max(live, process.memoryUsage().heapUsed);
  }, 1000);
  const start = process.hrtime.bigint();
  try {
    const result = await work();
    sample();
    gc();
    live = Math.max(live, process.memoryUsage().heapUsed);
    const grown = (to: number) => (to - before.heapUsed) / MiB;
    return { rss: (rss - before.rss) / MiB, heap: grown(heap), live: grown(live), seconds: Number(process.hrtime.bigint() - start) / 1e9, result };
  } finally {
    clearInterval(timer);
    clearInterval(collector);
  }
}

/**
 * Issue 15: a CSV export streams the register a page at a time, so its memory stays flat
 * however many rows there are. A ledger in this process holds N subjects with an unanswered
 * request each (N findings); the export of all of them is read as a client reads a download,
 * chunk by chunk, while RSS and heap are sampled. Set against the old way of answering the
 * register — every finding read into one array and serialised as one JSON document — and
 * against the export of a tenth as many rows.
 */
export async function csvExportBench(rows: number): Promise<void> {
  console.log(`\n== CSV export: memory while exporting ${fmt(rows)} findings ==`);
  const dir = scratchDir('csv-export');
  const adminKey = generateApiKey();
  const app = await createLedgerApp(
    loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_LOG_LEVEL: 'silent', LEDGER_BOOTSTRAP_ADMIN_KEY: adminKey, LEDGER_NOW: NOW }),
  );
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const headers = { authorization: `Bearer ${adminKey}` };
  try {
    let position = 0;
    let recorded = 0;
    /** Subjects with an unanswered request each, up to `count` in all: one finding each. */
    const fill = async (count: number) => {
      for (; recorded < count; recorded += 1000) {
        const events = Array.from({ length: Math.min(1000, count - recorded) }, (_, j) => ({
          id: randomUUID(),
          type: 'SubjectRequestReceived',
          occurredAt: new Date(Date.parse('2026-01-01T00:00:00Z') + (recorded + j) * 60_000).toISOString(),
          subject: { system: 'portal', externalId: `C-${recorded + j}` },
          data: { requestId: `R-${recorded + j}`, right: 'access' },
        }));
        const res = await fetch(`${url}/v1/events/batch`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ events }),
        });
        if (res.status !== 201) throw new Error(`batch refused: ${res.status} ${await res.text()}`);
        position = Math.max(...((await res.json()) as { events: { position: number }[] }).events.map((e) => e.position));
      }
      recorded = count;
      const total = ((await (await fetch(`${url}/v1/findings?limit=1&minPosition=${position}`, { headers })).json()) as { total: number }).total;
      if (total !== count) throw new Error(`expected ${count} findings, found ${total}`);
    };

    /** Reads a download as a browser saves it: chunk by chunk, nothing kept. */
    const download = async (path: string) => {
      const res = await fetch(`${url}${path}`, { headers });
      let bytes = 0;
      let lines = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        for (const b of chunk) if (b === 10) lines++;
      }
      return { bytes, lines, body: '' };
    };
    const readModels = app.get(ReadModels);
    const table: (string | number)[][] = [['findings', 'what', 'MiB out', 'seconds', 'peak RSS +MiB', 'peak heap +MiB', 'peak live heap +MiB']];
    for (const count of [Math.round(rows / 10), rows]) {
      await fill(count);
      // Warm the paths (JIT, statement cache), then measure.
      await download('/v1/findings?limit=100');
      const baseline = await peakGrowth(async () => {
        for (let i = 0; i < 20; i++) await download('/v1/findings?limit=100');
        return { bytes: 0, lines: 0, body: '' };
      });
      const csv = await peakGrowth(() => download('/v1/findings?format=csv'));
      if (csv.result.lines !== count + 1) throw new Error(`the export has ${csv.result.lines} lines for ${count} findings`);
      // The old answer: every finding in one array, serialised whole (held until it is sent).
      const whole = await peakGrowth(async () => {
        const all = readModels.findings({ now: new Date(NOW) });
        const body = JSON.stringify({ findings: all });
        return { bytes: body.length, lines: all.length, body };
      });
      table.push(
        [
          fmt(count),
          'baseline: 20 JSON pages of 100',
          '-',
          baseline.seconds.toFixed(2),
          baseline.rss.toFixed(1),
          baseline.heap.toFixed(1),
          baseline.live.toFixed(1),
        ],
        [
          fmt(count),
          'CSV export, streamed',
          (csv.result.bytes / MiB).toFixed(1),
          csv.seconds.toFixed(2),
          csv.rss.toFixed(1),
          csv.heap.toFixed(1),
          csv.live.toFixed(1),
        ],
        [
          fmt(count),
          'all findings as one JSON array (unpaged)',
          (whole.result.bytes / MiB).toFixed(1),
          whole.seconds.toFixed(2),
          whole.rss.toFixed(1),
          whole.heap.toFixed(1),
          whole.live.toFixed(1),
        ],
      );
    }
    printTable(table);
  } finally {
    await app.close();
    remove(dir);
  }
}
