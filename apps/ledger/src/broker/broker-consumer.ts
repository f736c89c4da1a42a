import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ChannelModel, ConfirmChannel, ConsumeMessage, connect } from 'amqplib';
import type { Fact, FactRecorder } from '@ledger/domain';
import { BrokerConfig, LEDGER_CONFIG, LedgerConfig } from '@ledger/config';
import { ErrorBody, toErrorBody } from '../common/error-body';
import { MAX_BATCH } from '../ingestion/dto/event-envelope.dto';
import { RecordFactsCommand, RecordedFact } from '../ingestion/record-facts.command';
import { FactMessages } from './fact-messages';
import { reconnectDelayMs } from './reconnect-delay';
import { deadLetterHeaders } from './dead-letter';

/** The longest a batch waits for more deliveries (see gather). */
const GATHER_MS = 20;

/** Who recorded a fact that came through the queue. */
export const BY_BROKER: FactRecorder = { kind: 'ledger', process: 'broker-consumer' };

export type ConsumerState = 'off' | 'connecting' | 'consuming' | 'reconnecting' | 'stopped';

/** What readiness and /metrics say of the consumer. */
export interface ConsumerStatus {
  state: ConsumerState;
  queue?: string;
  /** Messages waiting in the queue (ready, not yet delivered), as the broker said at the last look. */
  waiting?: number;
  /** Messages delivered to the ledger and not yet acknowledged. */
  held: number;
  /** The last connection error, while it reconnects. */
  error?: string;
  reconnects: number;
  /** Batches appended since the start (messages / batches: how well deliveries are batched). */
  batches: number;
  counts: { appended: number; duplicates: number; deadLettered: number };
}

/**
 * Consumes the facts queue. Messages are taken in batches of up to the prefetch; each is
 * judged like an HTTP body, bad ones are published to the dead-letter queue with the error
 * the API would give (in headers), good ones are appended together through RecordFactsCommand,
 * and only then is the batch acknowledged (the dead letters confirmed by the broker first).
 * A crash before the acknowledgement redelivers the batch; appends are idempotent by event id,
 * so nothing is lost and nothing doubled. A lost connection is retried with backoff forever.
 */
@Injectable()
export class BrokerConsumer {
  private readonly logger = new Logger('Broker');
  private readonly config?: BrokerConfig;
  private connection?: ChannelModel;
  private channel?: ConfirmChannel;
  private pending: ConsumeMessage[] = [];
  private working?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  private readonly status: ConsumerStatus;

  constructor(
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    private readonly messages: FactMessages,
    private readonly commands: CommandBus,
  ) {
    this.config = config.broker;
    this.status = {
      state: this.config ? 'connecting' : 'off',
      ...(this.config ? { queue: this.config.queue } : {}),
      held: 0,
      reconnects: 0,
      batches: 0,
      counts: { appended: 0, duplicates: 0, deadLettered: 0 },
    };
  }

  get enabled(): boolean {
    return this.config !== undefined;
  }

  start(): void {
    if (!this.config) return;
    void this.run(this.config);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.status.state = this.config ? 'stopped' : 'off';
    this.wake?.();
    await this.working;
    await this.connection?.close().catch(() => undefined);
  }

  /** A snapshot; asks the broker how many messages wait (bounded by a second), when connected. */
  async snapshot(): Promise<ConsumerStatus> {
    const channel = this.channel;
    if (channel && this.config && this.status.state === 'consuming') {
      const waiting = await Promise.race([
        // A channel of its own: a failed check closes the channel it runs on.
        this.connection!.createChannel().then(async (c) => {
          try {
            return (await c.checkQueue(this.config!.queue)).messageCount;
          } finally {
            await c.close().catch(() => undefined);
          }
        }),
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 1000).unref()),
      ]).catch(() => undefined);
      if (waiting !== undefined) this.status.waiting = waiting;
    }
    return { ...this.status, held: this.pending.length + this.status.held, counts: { ...this.status.counts } };
  }

  private async run(config: BrokerConfig): Promise<void> {
    for (let attempt = 0; !this.stopping;) {
      try {
        const { closed } = await this.consume(config);
        attempt = 0;
        this.status.error = undefined;
        const reason = await closed;
        if (this.stopping) return;
        this.status.error = reason;
        this.logger.warn(`lost the broker connection (${reason}); reconnecting`);
      } catch (error) {
        this.status.error = (error as Error).message;
        if (attempt === 0) this.logger.warn(`cannot consume ${config.queue}: ${(error as Error).message}; retrying with backoff`);
      }
      if (this.stopping) return;
      this.status.state = 'reconnecting';
      this.status.reconnects += 1;
      this.channel = undefined;
      await this.connection?.close().catch(() => undefined);
      this.connection = undefined;
      await this.working?.catch(() => undefined);
      // Deliveries of a dead channel cannot be acknowledged: the broker redelivers them.
      this.pending = [];
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, reconnectDelayMs(attempt++));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Connects, declares the topology and starts consuming; resolves with a promise of why the connection ended. */
  private async consume(config: BrokerConfig): Promise<{ closed: Promise<string> }> {
    this.status.state = 'connecting';
    const connection = await connect(config.url, { clientProperties: { connection_name: 'privacy-ledger consumer' } });
    this.connection = connection;
    const closed = new Promise<string>((resolve) => {
      connection.on('error', (error: Error) => resolve(error.message));
      connection.on('close', (error?: Error) => resolve(error?.message ?? 'connection closed'));
    });
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined); // the connection's close reports it
    channel.on('close', () => void connection.close().catch(() => undefined));
    await channel.assertExchange(config.exchange, 'topic', { durable: true });
    await channel.assertQueue(config.deadLetterQueue, { durable: true });
    await channel.assertQueue(config.queue, { durable: true });
    await channel.bindQueue(config.queue, config.exchange, config.binding);
    await channel.prefetch(config.prefetch);
    this.channel = channel;
    await channel.consume(config.queue, (message) => {
      if (!message) return void connection.close().catch(() => undefined); // the queue was deleted: start over
      this.pending.push(message);
      this.working ??= this.drain(channel, config).finally(() => (this.working = undefined));
    });
    this.status.state = 'consuming';
    this.logger.log(`consuming ${config.queue} (bound to ${config.exchange} by "${config.binding}"; dead letters to ${config.deadLetterQueue})`);
    return { closed };
  }

  /** Handles what has arrived, batch after batch, until nothing is pending. */
  private async drain(channel: ConfirmChannel, config: BrokerConfig): Promise<void> {
    while (this.channel === channel && !this.stopping) {
      await this.gather(config.prefetch);
      if (!this.pending.length) return;
      const batch = this.pending.splice(0, config.prefetch);
      this.status.held = batch.length;
      try {
        await this.handle(channel, config, batch);
      } catch (error) {
        // The channel died under the batch: it is redelivered on the next connection.
        this.logger.warn(`a batch of ${batch.length} messages was not acknowledged and will be redelivered: ${(error as Error).message}`);
        void this.connection?.close().catch(() => undefined);
        return;
      } finally {
        this.status.held = 0;
        this.status.batches += 1;
      }
    }
  }

  /**
   * Lets deliveries gather into a batch: while more keep arriving (the broker streams a prefetch
   * window over several reads of the socket), for up to GATHER_MS, until the window is full.
   */
  private async gather(prefetch: number): Promise<void> {
    const until = Date.now() + GATHER_MS;
    for (let seen = -1; this.pending.length !== seen && this.pending.length < prefetch && Date.now() < until;) {
      seen = this.pending.length;
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  private async handle(channel: ConfirmChannel, config: BrokerConfig, batch: ConsumeMessage[]): Promise<void> {
    const judged = [];
    for (const message of batch) judged.push({ message, ...(await this.messages.judge(message.content)) });
    const good: { message: ConsumeMessage; facts: Fact[] }[] = [];
    for (const j of judged) {
      if ('error' in j) this.deadLetter(channel, config, j.message, j.error);
      else good.push({ message: j.message, facts: j.facts });
    }
    for (const group of groups(good)) await this.record(channel, config, group);
    await channel.waitForConfirms();
    channel.ack(batch[batch.length - 1], true);
  }

  /**
   * Appends the facts of several messages in one write; when the write is refused (a reused id
   * with other content, a breach or subject the ledger does not know), each message is tried
   * alone, so only the one at fault is dead-lettered. Failures of the ledger itself (5xx) are
   * retried until they pass or the connection goes: nothing is acknowledged meanwhile.
   */
  private async record(channel: ConfirmChannel, config: BrokerConfig, group: { message: ConsumeMessage; facts: Fact[] }[]): Promise<void> {
    const refusal = await this.append(group.flatMap((g) => g.facts));
    if (!refusal) return void this.count(group.length, 0);
    if (group.length === 1) return this.deadLetter(channel, config, group[0].message, refusal);
    for (const one of group) await this.record(channel, config, [one]);
  }

  /** Undefined once appended; the refusal when the ledger refuses the facts (4xx). */
  private async append(facts: Fact[]): Promise<ErrorBody | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        const recorded: RecordedFact[] = await this.commands.execute(new RecordFactsCommand(facts, BY_BROKER));
        this.status.counts.duplicates += recorded.filter((r) => r.duplicate).length;
        if (attempt > 0) this.status.error = undefined;
        return undefined;
      } catch (error) {
        const body = toErrorBody(error);
        if (body.statusCode < 500) return body;
        if (this.stopping || !this.channel) throw error;
        // Shown by readiness while it lasts: the queue waits behind this batch.
        this.status.error = `appending a batch failed ${attempt + 1} time(s) and is retried; the cause is in the log`;
        this.logger.error({ err: error }, 'appending facts from the queue failed; retrying');
        await new Promise((r) => setTimeout(r, reconnectDelayMs(attempt)));
      }
    }
  }

  private count(appended: number, deadLettered: number): void {
    this.status.counts.appended += appended;
    this.status.counts.deadLettered += deadLettered;
  }

  private deadLetter(channel: ConfirmChannel, config: BrokerConfig, message: ConsumeMessage, error: ErrorBody): void {
    channel.sendToQueue(config.deadLetterQueue, message.content, {
      persistent: true,
      contentType: message.properties.contentType,
      messageId: message.properties.messageId,
      headers: deadLetterHeaders(message, error),
    });
    this.count(0, 1);
  }
}

/** Messages in order, grouped so that no group repeats an event id (one append may not) or exceeds MAX_BATCH facts. */
function groups<T extends { facts: Fact[] }>(items: T[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let ids = new Set<string>();
  let size = 0;
  for (const item of items) {
    const clash = item.facts.some((f) => ids.has(f.id));
    if (current.length && (clash || size + item.facts.length > MAX_BATCH)) {
      out.push(current);
      current = [];
      ids = new Set();
      size = 0;
    }
    current.push(item);
    size += item.facts.length;
    for (const f of item.facts) ids.add(f.id);
  }
  if (current.length) out.push(current);
  return out;
}
