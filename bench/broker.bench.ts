// As main.ts does: the server runs with Object.prototype frozen.
import '@ledger/config/freeze-prototype';
import { connect } from 'amqplib';
import { randomBytes } from 'node:crypto';
import { generateApiKey } from '@ledger/access';
import { loadLedgerConfig } from '@ledger/config';
import type { Fact } from '@ledger/domain';
import { createLedgerApp } from '../apps/ledger/src/bootstrap';
import { BrokerConsumer } from '../apps/ledger/src/broker/broker-consumer';
import { fmt, pool, printTable, rate, remove, scratchDir, timed } from './support';
import { workload } from './workload';

const AMQP_URL = process.env.BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/**
 * Issue 14: the same facts into a ledger three ways, in one run: (h) HTTP batches of 500, four
 * at a time (the reference); (q1) RabbitMQ, one fact per message; (q100) RabbitMQ, batches of
 * 100 facts per message. Broker runs are timed from the consumer's start to the last message
 * handled, the queue filled beforehand; each path on a fresh ledger with its read models running.
 */
export async function brokerBench(events = 20_000, subjects = 5_000): Promise<Record<string, number>> {
  const facts = workload(events, subjects);
  console.log(`\n== broker: ${fmt(events)} events over ${fmt(subjects)} subjects ==`);
  const h = await httpIngest(facts);
  const q1 = await brokerIngest(facts, 1);
  const q100 = await brokerIngest(facts, 100);
  const figures = { h: rate(events, h), q1: rate(events, q1), q100: rate(events, q100) };
  printTable([
    ['path', 'events/s', 'seconds', 'ratio to (h)'],
    ['(h) HTTP POST /v1/events/batch, 500 per batch, 4 at a time', fmt(figures.h), h.toFixed(2), '1.00'],
    ['(q1) RabbitMQ, 1 fact per message, prefetch 500', fmt(figures.q1), q1.toFixed(2), (figures.q1 / figures.h).toFixed(2)],
    ['(q100) RabbitMQ, 100 facts per message, prefetch 10', fmt(figures.q100), q100.toFixed(2), (figures.q100 / figures.h).toFixed(2)],
  ]);
  console.log(`q1/h = ${(figures.q1 / figures.h).toFixed(2)}   q100/h = ${(figures.q100 / figures.h).toFixed(2)}`);
  return figures;
}

async function httpIngest(facts: Fact[]): Promise<number> {
  const dir = scratchDir('broker-h');
  const adminKey = generateApiKey();
  // Configured like the broker runs (the consumer idle on an empty queue, the notifications outbox
  // following the log), so that every run does the same work beside its ingest.
  const queue = `bench.${randomBytes(4).toString('hex')}.idle`;
  const app = await createLedgerApp(
    loadLedgerConfig({
      LEDGER_DATA_DIR: dir,
      LEDGER_LOG_LEVEL: 'silent',
      LEDGER_BOOTSTRAP_ADMIN_KEY: adminKey,
      LEDGER_AMQP_URL: AMQP_URL,
      LEDGER_AMQP_QUEUE: queue,
      LEDGER_AMQP_EXCHANGE: queue,
    }),
  );
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    const batches: Fact[][] = [];
    for (let i = 0; i < facts.length; i += 500) batches.push(facts.slice(i, i + 500));
    // The breaches the workload links to come first, and alone: a link must find its breach recorded.
    const [first, ...rest] = batches;
    const post = async (batch: Fact[]) => {
      const res = await fetch(`http://127.0.0.1:${port}/v1/events/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ events: batch }),
      });
      if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    };
    const { seconds } = await timed(async () => {
      await post(first);
      await pool(rest, 4, post);
    });
    return seconds;
  } finally {
    await app.close();
    remove(dir);
    const connection = await connect(AMQP_URL);
    const channel = await connection.createChannel();
    for (const q of [queue, `${queue}.dead`]) await channel.deleteQueue(q).catch(() => undefined);
    await channel.deleteExchange(queue).catch(() => undefined);
    await connection.close();
  }
}

async function brokerIngest(facts: Fact[], perMessage: number): Promise<number> {
  const dir = scratchDir(`broker-q${perMessage}`);
  const tag = randomBytes(4).toString('hex');
  const queue = `bench.${tag}.facts`;
  const exchange = `bench.${tag}.in`;
  const connection = await connect(AMQP_URL);
  const channel = await connection.createConfirmChannel();
  try {
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(queue, { durable: true });
    await channel.bindQueue(queue, exchange, '#');
    let messages = 0;
    for (let i = 0; i < facts.length; i += perMessage) {
      const body = perMessage === 1 ? facts[i] : { events: facts.slice(i, i + perMessage) };
      if (!channel.publish(exchange, 'facts', Buffer.from(JSON.stringify(body)), { persistent: true })) await new Promise((r) => channel.once('drain', r));
      messages++;
    }
    await channel.waitForConfirms();
    const prefetch = perMessage === 1 ? 500 : 10;
    const config = loadLedgerConfig({
      LEDGER_DATA_DIR: dir,
      LEDGER_LOG_LEVEL: 'silent',
      LEDGER_AMQP_URL: AMQP_URL,
      LEDGER_AMQP_QUEUE: queue,
      LEDGER_AMQP_EXCHANGE: exchange,
      LEDGER_AMQP_PREFETCH: String(prefetch),
    });
    const app = await createLedgerApp(config);
    try {
      const consumer = app.get(BrokerConsumer);
      const { seconds } = await timed(async () => {
        await app.init();
        for (;;) {
          const { counts } = await consumer.snapshot();
          if (counts.deadLettered) throw new Error(`${counts.deadLettered} messages dead-lettered`);
          if (counts.appended >= messages)
            return console.log(`(q${perMessage}): ${fmt(messages)} messages in ${fmt((await consumer.snapshot()).batches)} batches`);
          await new Promise((r) => setTimeout(r, 20));
        }
      });
      return seconds;
    } finally {
      await app.close();
    }
  } finally {
    await channel.deleteQueue(queue).catch(() => undefined);
    await channel.deleteQueue(`${queue}.dead`).catch(() => undefined);
    await channel.deleteExchange(exchange).catch(() => undefined);
    await connection.close();
    remove(dir);
  }
}
