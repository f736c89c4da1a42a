import { Client, ClientConfig } from 'pg';

export interface PostgresNotificationsOptions {
  /** How to connect the listening client (the pool's configuration). */
  config: ClientConfig;
  channel: string;
  onNotify(): void;
  /** The listening connection failed; it is reopened after `retryMs` (polling covers the gap). */
  onError(error: unknown): void;
  retryMs: number;
}

/**
 * One LISTEN connection per store, outside the pool (a listening session must stay open), so
 * that another process's commits wake this process's followers at once. When it drops it is
 * reopened, and followers are woken once on reconnecting, in case they missed a notification.
 */
export class PostgresNotifications {
  private client: Client | undefined;
  private started = false;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly options: PostgresNotificationsOptions) {}

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    void this.listen();
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(this.options.config);
    this.client = client;
    client.on('notification', () => this.options.onNotify());
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the listening connection closed')));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.options.channel}`);
      this.options.onNotify();
    } catch (error) {
      this.lost(client, error);
    }
  }

  private lost(client: Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.options.onError(error);
    this.retry = setTimeout(() => void this.listen(), this.options.retryMs);
    this.retry.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
