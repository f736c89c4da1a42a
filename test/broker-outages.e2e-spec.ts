import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateApiKey } from '@ledger/access';
import { BrokerConsumer } from '../apps/ledger/src/broker/broker-consumer';
import { eventually } from './support/eventually';
import { spawnLedger } from './support/ledger-process';
import { startLedger, tempDataDir } from './support/ledger-server';
import { TestBroker, testBroker } from './support/rabbitmq';
import { TcpProxy, tcpProxy } from './support/tcp-proxy';

const fact = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'PersonalDataCollected',
  occurredAt: '2026-01-05T10:00:00Z',
  subject: { system: 'customer-portal', externalId: `S-${n % 300}` },
  data: { categories: ['user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject' },
  personal: { email: `s${n % 300}@example.nl` },
});

/** How often each of the ids is in the ledger's log (read from its SQLite file, beside the running ledger). */
function countsInLog(dataDir: string, ids: readonly string[]): Map<string, number> {
  const db = new Database(join(dataDir, 'events.db'), { readonly: true });
  try {
    const counts = new Map<string, number>();
    for (const { id } of db.prepare('SELECT id FROM events').all() as { id: string }[]) counts.set(id, (counts.get(id) ?? 0) + 1);
    return new Map(ids.map((id) => [id, counts.get(id) ?? 0]));
  } catch {
    return new Map(ids.map((id) => [id, 0]));
  } finally {
    db.close();
  }
}

const allOnce = (counts: Map<string, number>) => [...counts.values()].every((c) => c === 1);

/** Issue 14, outages: the ledger killed while it consumes, and the broker connection cut mid-stream. */
describe('RabbitMQ ingestion through outages', () => {
  let broker: TestBroker;
  beforeEach(async () => {
    broker = await testBroker('outage');
  });
  afterEach(() => broker.cleanup());

  it('loses nothing the broker had acknowledged and doubles nothing when the ledger is SIGKILLed while it consumes', async () => {
    const dataDir = tempDataDir();
    const env = { ...broker.env, LEDGER_DATA_DIR: dataDir, LEDGER_BOOTSTRAP_ADMIN_KEY: generateApiKey(), LEDGER_AMQP_PREFETCH: '200' };
    try {
      const facts = Array.from({ length: 5000 }, (_, n) => fact(n));
      const ids = facts.map((f) => f.id);
      await broker.publish(facts.map((f) => ({ content: f, messageId: f.id })));
      const first = await spawnLedger(env);
      // Killed once part of the queue is in the log: the rest is in the queue or held unacknowledged.
      await eventually(
        async () => ([...countsInLog(dataDir, ids).values()].filter((c) => c > 0).length >= 1000 ? true : undefined),
        '1000 facts consumed',
        120_000,
      );
      await first.kill('SIGKILL');
      const left = await broker.messageCount(broker.queue);
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThan(facts.length);

      const second = await spawnLedger(env);
      try {
        const counts = await eventually(
          async () => {
            const c = countsInLog(dataDir, ids);
            return [...c.values()].every((n) => n >= 1) ? c : undefined;
          },
          'every fact in the log',
          120_000,
        );
        expect(allOnce(counts)).toBe(true);
        await eventually(async () => ((await broker.messageCount(broker.queue)) === 0 ? true : undefined), 'the queue emptied');
        expect(await broker.messageCount(broker.deadLetterQueue)).toBe(0);
      } finally {
        await second.kill('SIGTERM');
      }
      expect(allOnce(countsInLog(dataDir, ids))).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);

  it('reconnects with backoff when the connection is cut mid-stream, and loses nothing', async () => {
    const proxy: TcpProxy = await tcpProxy({ host: '127.0.0.1', port: 5672 });
    const ledger = await startLedger({ ...broker.env, LEDGER_AMQP_URL: `amqp://guest:guest@127.0.0.1:${proxy.port}`, LEDGER_AMQP_PREFETCH: '100' });
    try {
      const consumer = ledger.app.get(BrokerConsumer);
      await eventually(async () => ((await consumer.snapshot()).state === 'consuming' ? true : undefined), 'the consumer consuming');
      const facts = Array.from({ length: 4000 }, (_, n) => fact(100_000 + n));
      const ids = facts.map((f) => f.id);
      const publishing = (async () => {
        for (let i = 0; i < facts.length; i += 200) await broker.publish(facts.slice(i, i + 200).map((f) => ({ content: f, messageId: f.id })));
      })();
      await eventually(async () => ((await consumer.snapshot()).counts.appended >= 1000 ? true : undefined), '1000 messages appended');
      // The network fails; for a while the broker cannot be reached at all.
      proxy.cut({ refuse: true });
      await eventually(async () => ((await consumer.snapshot()).state === 'reconnecting' ? true : undefined), 'the consumer noticing');
      const ready = await fetch(`${ledger.url}/health/ready`, { headers: ledger.auth }).then((r) => r.json());
      expect(ready).toMatchObject({ status: 'degraded', broker: { state: 'reconnecting' } });
      const metrics = await fetch(`${ledger.url}/metrics`, { headers: ledger.auth }).then((r) => r.text());
      expect(metrics).toMatch(/^ledger_broker_consumer_up 0$/m);
      await eventually(async () => ((await consumer.snapshot()).reconnects >= 2 ? true : undefined), 'a failed reconnect');
      proxy.accept();
      await publishing;
      const counts = await eventually(
        async () => {
          const c = countsInLog(ledger.dataDir, ids);
          return [...c.values()].every((n) => n >= 1) ? c : undefined;
        },
        'every fact in the log',
        120_000,
      );
      expect(allOnce(counts)).toBe(true);
      await eventually(async () => ((await broker.messageCount(broker.queue)) === 0 ? true : undefined), 'the queue emptied');
      const after = await fetch(`${ledger.url}/metrics`, { headers: ledger.auth }).then((r) => r.text());
      expect(after).toMatch(/^ledger_broker_consumer_up 1$/m);
      expect(after).toMatch(/^ledger_broker_queue_messages 0$/m);
    } finally {
      await ledger.close();
      await proxy.close();
    }
  }, 240_000);
});
