import Database from 'better-sqlite3';
import { join } from 'node:path';
import { BrokerConsumer } from '../apps/ledger/src/broker/broker-consumer';
import { eventually } from './support/eventually';
import { RunningLedger, startLedger } from './support/ledger-server';
import { TestBroker, testBroker } from './support/rabbitmq';
import { messageMix } from './support/broker-messages';

/**
 * Issue 14: facts in through RabbitMQ. 10,000 messages, 1 % of them bad in six ways; every
 * good fact lands in the log once, every bad message in the dead-letter queue with the error
 * the HTTP API would give, and nothing of a bad message in the log.
 */
describe('RabbitMQ ingestion', () => {
  let broker: TestBroker;
  let ledger: RunningLedger;

  beforeAll(async () => {
    broker = await testBroker('ingest');
    ledger = await startLedger({ ...broker.env, LEDGER_AMQP_SYSTEMS: 'customer-portal,billing', LEDGER_AMQP_PREFETCH: '500' });
  });
  afterAll(async () => {
    await ledger?.close();
    await broker?.cleanup();
  });

  it('appends every good fact once and dead-letters every bad message with its error', async () => {
    const mix = messageMix(10_000, 'customer-portal');
    expect(mix.bad).toHaveLength(100);
    await broker.publish(mix.messages);
    const consumer = ledger.app.get(BrokerConsumer);
    await eventually(
      async () => {
        const { counts } = await consumer.snapshot();
        return counts.appended + counts.deadLettered >= mix.messages.length ? true : undefined;
      },
      'every message handled',
      240_000,
    );

    const dead = await broker.drain(broker.deadLetterQueue);
    expect(dead.map((m) => m.properties.messageId).sort()).toEqual(mix.bad.map((b) => b.messageId).sort());
    const problems = new Map(mix.bad.map((b) => [b.messageId, b]));
    for (const letter of dead) {
      const expected = problems.get(letter.properties.messageId)!;
      const headers = letter.properties.headers!;
      const error = JSON.parse(String(headers['x-ledger-error']));
      expect({ kind: expected.kind, status: error.statusCode }).toEqual({ kind: expected.kind, status: expected.status });
      expect(headers['x-ledger-status']).toBe(expected.status);
      expect(JSON.stringify(error)).toContain(expected.names);
      // The dead letter keeps the message as it was sent.
      expect(letter.content.toString()).toBe(expected.content);
    }

    const db = new Database(join(ledger.dataDir, 'events.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT id, data FROM events').all() as { id: string; data: string }[];
      const stored = new Map<string, number>();
      for (const r of rows) stored.set(r.id, (stored.get(r.id) ?? 0) + 1);
      for (const id of mix.goodIds) expect(stored.get(id)).toBe(1);
      for (const id of mix.badOnlyIds) expect(stored.has(id)).toBe(false);
      expect(rows).toHaveLength(mix.goodIds.length);
      // The conflicting reuse of an id left the original as it was.
      for (const { id, purpose } of mix.reusedIds) expect(JSON.parse(rows.find((r) => r.id === id)!.data).purpose).toBe(purpose);
    } finally {
      db.close();
    }
    expect(await broker.messageCount(broker.queue)).toBe(0);
    // Generous: about 20 s alone on two cores, several times that beside other work.
  }, 300_000);
});
