import { Channel, ChannelModel, GetMessage, connect } from 'amqplib';
import { randomBytes } from 'node:crypto';

/** The machine's RabbitMQ (.ci/start-rabbitmq starts it). */
export const AMQP_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/**
 * Uniquely named queue, dead-letter queue and exchanges for one test, the environment that
 * points a ledger at them, and a channel to publish and read with. `cleanup` deletes them all.
 */
export interface TestBroker {
  queue: string;
  deadLetterQueue: string;
  exchange: string;
  notifyExchange: string;
  env: Record<string, string>;
  connection: ChannelModel;
  channel: Channel;
  /** Publishes to the facts exchange and waits until the broker has them (publisher confirms). */
  publish(messages: readonly OutgoingMessage[], routingKey?: string): Promise<void>;
  /** Takes every message now in a queue (acknowledged). */
  drain(queue: string): Promise<GetMessage[]>;
  messageCount(queue: string): Promise<number>;
  cleanup(): Promise<void>;
}

/** A message body (a string, bytes, or a value sent as JSON) and the id it is published with. */
export type OutgoingMessage = string | { content: unknown; messageId?: string };

const bytesOf = (m: OutgoingMessage): { content: Buffer; messageId?: string } => {
  if (typeof m === 'string') return { content: Buffer.from(m) };
  const content = Buffer.isBuffer(m.content) ? m.content : Buffer.from(typeof m.content === 'string' ? m.content : JSON.stringify(m.content));
  return { content, ...(m.messageId ? { messageId: m.messageId } : {}) };
};

export async function testBroker(name: string): Promise<TestBroker> {
  const tag = `${name}.${randomBytes(4).toString('hex')}`;
  const queue = `test.${tag}.facts`;
  const deadLetterQueue = `${queue}.dead`;
  const exchange = `test.${tag}.in`;
  const notifyExchange = `test.${tag}.out`;
  const connection = await connect(AMQP_URL);
  const channel = await connection.createChannel();
  const confirm = await connection.createConfirmChannel();
  // Declared as the ledger declares them, so messages published before it starts wait in the queue.
  await confirm.assertExchange(exchange, 'topic', { durable: true });
  await confirm.assertQueue(queue, { durable: true });
  await confirm.assertQueue(deadLetterQueue, { durable: true });
  await confirm.bindQueue(queue, exchange, '#');
  return {
    queue,
    deadLetterQueue,
    exchange,
    notifyExchange,
    env: { LEDGER_AMQP_URL: AMQP_URL, LEDGER_AMQP_QUEUE: queue, LEDGER_AMQP_EXCHANGE: exchange, LEDGER_NOTIFY_EXCHANGE: notifyExchange },
    connection,
    channel,
    async publish(messages, routingKey = 'facts') {
      for (const [i, message] of messages.entries()) {
        const { content, messageId } = bytesOf(message);
        if (!confirm.publish(exchange, routingKey, content, { persistent: true, contentType: 'application/json', ...(messageId ? { messageId } : {}) })) {
          await new Promise((r) => confirm.once('drain', r));
        }
        if (i % 1000 === 999) await confirm.waitForConfirms();
      }
      await confirm.waitForConfirms();
    },
    async drain(q) {
      const out: GetMessage[] = [];
      for (;;) {
        const m = await channel.get(q, { noAck: true });
        if (!m) return out;
        out.push(m);
      }
    },
    async messageCount(q) {
      return (await channel.checkQueue(q)).messageCount;
    },
    async cleanup() {
      for (const q of [queue, deadLetterQueue]) await channel.deleteQueue(q).catch(() => undefined);
      for (const e of [exchange, notifyExchange]) await channel.deleteExchange(e).catch(() => undefined);
      await connection.close().catch(() => undefined);
    },
  };
}
