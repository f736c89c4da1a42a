import { AnyFactInput, LedgerClient } from '@privacy-ledger/client';
import type { Fact } from '@ledger/domain';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { spawnLedger } from '../test/support/ledger-process';
import { fmt, pool, printTable, rate, remove, scratchDir, timed } from './support';
import { workload } from './workload';

const BATCH = 500;

/** The workload with its subjects renamed per path, so that every path creates as many new subjects as the others. */
const factsFor = (prefix: string, events: number, subjects: number): Fact[] =>
  workload(events, subjects).map((f) =>
    f.subject && 'externalId' in f.subject ? { ...f, subject: { ...f.subject, externalId: `${prefix}${f.subject.externalId}` } } : f,
  );

/**
 * Issue 16: facts/s into a ledger (its own process, as in production) through the client,
 * against hand-written batched POSTs of the same workload in the same run:
 *  (a) hand-written: POST /v1/events/batch with 500 facts, one request at a time (the client's shape);
 *  (b) hand-written: the same with 4 requests in flight (no order kept);
 *  (c) the client, facts in memory, recorded one by one by 64 concurrent callers;
 *  (d) the same with the durable outbox (each record() on disk before it resolves).
 * Three rounds, each in another order, medians reported: the machine is shared and the log grows.
 * Then the same four against a sink that acknowledges every batch at once: the client's own
 * ceiling, where the ledger is not the bottleneck.
 */
export async function clientBench(events = 10_000, subjects = 5_000): Promise<Record<string, number>> {
  const dir = scratchDir('client');
  const ledger = await spawnLedger({ LEDGER_DATA_DIR: join(dir, 'ledger') });
  const sink = await acknowledgingSink();
  try {
    console.log(`\n== client: ${fmt(events)} facts over ${fmt(subjects)} subjects per path and round, into a ledger process ==`);
    const intoLedger = await fourPaths(ledger.url, ledger.auth.authorization.slice('Bearer '.length), events, subjects, join(dir, 'outbox-1.db'));
    console.log(`\n== client: the same into a sink that acknowledges at once (the client's own ceiling) ==`);
    const intoSink = await fourPaths(sink.url, 'plk_sink', events * 2, subjects, join(dir, 'outbox-2.db'));
    return { ...intoLedger, ...Object.fromEntries(Object.entries(intoSink).map(([k, v]) => [`sink_${k}`, v])) };
  } finally {
    await sink.close();
    await ledger.kill('SIGTERM');
    remove(dir);
  }
}

async function fourPaths(url: string, apiKey: string, events: number, subjects: number, outbox: string, rounds = 3): Promise<Record<string, number>> {
  const post = async (batch: Fact[]) => {
    const res = await fetch(`${url}/v1/events/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ events: batch }),
    });
    if (res.status !== 201) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
  };
  const chunks = (facts: Fact[]) => Array.from({ length: Math.ceil(facts.length / BATCH) }, (_, i) => facts.slice(i * BATCH, (i + 1) * BATCH));
  const viaClient = async (facts: Fact[], file?: string) => {
    const client = new LedgerClient({ url, apiKey, outbox: file, batch: { maxSize: BATCH } });
    await pool(facts as unknown as AnyFactInput[], 64, (fact) => client.record(fact));
    await client.flush();
    const status = client.status();
    await client.close();
    if (status.acknowledged !== facts.length || status.rejected !== 0) throw new Error(`client: ${JSON.stringify(status)}`);
  };
  const paths: [string, string, (facts: Fact[]) => Promise<unknown>][] = [
    [
      'a',
      '(a) hand-written batched POSTs, 500 per request, one at a time',
      async (facts) => {
        for (const batch of chunks(facts)) await post(batch);
      },
    ],
    ['b', '(b) hand-written batched POSTs, 500 per request, 4 in flight', (facts) => pool(chunks(facts), 4, post)],
    ['c', '(c) client, in memory, record() by 64 callers', (facts) => viaClient(facts)],
    ['d', '(d) client with the SQLite outbox, record() by 64 callers', (facts) => viaClient(facts, outbox)],
  ];

  // Warm up (JIT, connections, the ledger's caches) so that the first path measured is not the slow one for that alone.
  await paths[0][2](factsFor('W', Math.min(events, 4 * BATCH), subjects));
  // The machine is shared and the log grows as the run goes: each round takes the paths in another order, and the median counts.
  const rates = new Map<string, number[]>(paths.map(([key]) => [key, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < paths.length; i++) {
      const [key, , run] = paths[(round + i) % paths.length];
      const facts = factsFor(`${key}${round}-`, events, subjects);
      const { seconds } = await timed(() => run(facts));
      rates.get(key)!.push(rate(events, seconds));
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const figures = Object.fromEntries([...rates].map(([key, xs]) => [key, median(xs)]));
  printTable([
    ['path', 'facts/s (median)', 'all rounds', 'ratio to (a)'],
    ...paths.map(([key, name]) => [name, fmt(figures[key]), rates.get(key)!.map(fmt).join(' / '), (figures[key] / figures.a).toFixed(2)]),
  ]);
  console.log(
    `c/a = ${(figures.c / figures.a).toFixed(2)}   d/a = ${(figures.d / figures.a).toFixed(2)}   (${rounds} rounds of ${fmt(events)} facts per path)`,
  );
  return figures;
}

/** An HTTP server that answers every batch with a 201 receipt per fact, doing nothing else. */
async function acknowledgingSink(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { events } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: { id: string }[] };
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ events: events.map((e, i) => ({ id: e.id, stream: 's', revision: 0, position: i, duplicate: false })) }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
