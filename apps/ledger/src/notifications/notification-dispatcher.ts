import { Logger } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { ChannelModel, ConfirmChannel, connect } from 'amqplib';
import { signature } from './notification';

/** A target of the outbox: a webhook URL, or the broker exchange. */
export const webhookTarget = (url: string): string => `webhook ${url}`;
export const EXCHANGE_TARGET = 'exchange';

export interface DispatcherOptions {
  webhooks: readonly string[];
  secret?: string;
  /** The broker and exchange notifications are published to, if any. */
  exchange?: { url: string; name: string };
  /** Deliveries in flight per target. */
  concurrency?: number;
  timeoutMs?: number;
}

/** Retry delay after `attempts` failures: 1 s doubling to at most 10 minutes. */
export const retryDelayMs = (attempts: number): number => Math.min(600_000, 1000 * 2 ** Math.min(attempts - 1, 20));

interface Due {
  seq: number;
  target: string;
  attempts: number;
  id: string;
  routing_key: string;
  body: string;
}

/**
 * Delivers the outbox: each notification to each target until the target takes it (a 2xx from a
 * webhook, a publisher confirm from the broker), then forgets that delivery. Failures are
 * retried with backoff; a delivery is marked done only after the target confirmed it, so a crash
 * in between sends it again, with the same id (receivers deduplicate by it).
 */
export class NotificationDispatcher {
  private readonly logger = new Logger('Notifications');
  private statements?: Record<'due' | 'done' | 'failed' | 'pending', Database.Statement>;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private connection?: ChannelModel;
  private channel?: Promise<ConfirmChannel>;
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly db: Database.Database,
    private readonly options: DispatcherOptions,
  ) {}

  /** Prepared on first use: the outbox's tables are FindingWatch's, made when its runner starts. */
  private get stmt(): Record<'due' | 'done' | 'failed' | 'pending', Database.Statement> {
    const db = this.db;
    return (this.statements ??= {
      due: db.prepare(
        `SELECT d.seq, d.target, d.attempts, o.id, o.routing_key, o.body FROM notification_deliveries d JOIN notification_outbox o ON o.seq = d.seq
         WHERE d.next_at <= ? ORDER BY d.seq LIMIT 500`,
      ),
      done: db.prepare('DELETE FROM notification_deliveries WHERE seq = ? AND target = ?'),
      failed: db.prepare('UPDATE notification_deliveries SET attempts = ?, next_at = ?, last_error = ? WHERE seq = ? AND target = ?'),
      pending: db.prepare('SELECT target, count(*) AS n FROM notification_deliveries GROUP BY target'),
    });
  }

  /** Deliveries not yet confirmed, by target (named by labelOf). */
  pending(): Record<string, number> {
    return Object.fromEntries((this.stmt.pending.all() as { target: string; n: number }[]).map((r) => [this.labelOf(r.target), r.n]));
  }

  /**
   * A target as metrics, readiness and the log name it: a webhook by its place in
   * LEDGER_NOTIFY_WEBHOOKS and its origin only, since paths and queries of webhook URLs often
   * hold tokens.
   */
  labelOf(target: string): string {
    if (target === EXCHANGE_TARGET) return target;
    const url = target.slice('webhook '.length);
    const index = this.options.webhooks.indexOf(url);
    let origin = 'unknown';
    try {
      origin = new URL(url).origin;
    } catch {
      // not configured any more and not a URL: the number says enough
    }
    return `webhook ${index >= 0 ? index + 1 : '?'} ${origin}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New notifications were written. */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.connection?.close().catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (this.running) {
      const due = (this.stmt.due.all(Date.now()) as Due[]).filter((d) => !this.inFlight.has(`${d.seq} ${d.target}`));
      const byTarget = new Map<string, Due[]>();
      for (const d of due) byTarget.set(d.target, [...(byTarget.get(d.target) ?? []), d]);
      // Each target at its own pace: a slow webhook holds up neither the others nor the exchange.
      for (const [target, items] of byTarget) void this.deliverAll(target, items);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 500);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async deliverAll(target: string, items: Due[]): Promise<void> {
    const limit = this.options.concurrency ?? 8;
    const queue = [...items];
    const worker = async () => {
      for (let d = queue.shift(); d && this.running; d = queue.shift()) {
        const key = `${d.seq} ${d.target}`;
        if (this.inFlight.has(key)) continue;
        this.inFlight.add(key);
        try {
          await this.deliver(d);
          if (this.running) this.stmt.done.run(d.seq, d.target);
        } catch (error) {
          const attempts = d.attempts + 1;
          if (this.running) this.stmt.failed.run(attempts, Date.now() + retryDelayMs(attempts), (error as Error).message.slice(0, 500), d.seq, d.target);
          if (attempts === 1 || attempts % 10 === 0)
            this.logger.warn(`notification ${d.id} to ${this.labelOf(target)} failed (attempt ${attempts}), will retry: ${(error as Error).message}`);
        } finally {
          this.inFlight.delete(key);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  }

  private async deliver(d: Due): Promise<void> {
    if (d.target === EXCHANGE_TARGET) return this.publish(d);
    const url = d.target.slice('webhook '.length);
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-ledger-notification-id': d.id,
        'x-ledger-signature': signature(this.options.secret!, d.body),
        'user-agent': 'privacy-ledger-notifier',
      },
      body: d.body,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    // The body is read so the connection is reused, whatever it says.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}`);
  }

  private async publish(d: Due): Promise<void> {
    const exchange = this.options.exchange!;
    try {
      const channel = await (this.channel ??= this.openChannel(exchange));
      channel.publish(exchange.name, d.routing_key, Buffer.from(d.body), {
        persistent: true,
        contentType: 'application/json',
        messageId: d.id,
        ...(this.options.secret ? { headers: { 'x-ledger-signature': signature(this.options.secret, d.body) } } : {}),
      });
      await channel.waitForConfirms();
    } catch (error) {
      this.channel = undefined;
      await this.connection?.close().catch(() => undefined);
      this.connection = undefined;
      throw error;
    }
  }

  private async openChannel(exchange: { url: string; name: string }): Promise<ConfirmChannel> {
    const connection = await connect(exchange.url, { clientProperties: { connection_name: 'privacy-ledger notifier' } });
    this.connection = connection;
    connection.on('error', () => undefined);
    connection.on('close', () => {
      if (this.connection === connection) {
        this.connection = undefined;
        this.channel = undefined;
      }
    });
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    await channel.assertExchange(exchange.name, 'topic', { durable: true });
    return channel;
  }
}
