import { Client } from 'pg';
import type { EffectsLease, LeasedWork, LeaseState } from './effects-lease';

export interface AdvisoryLeaseOptions {
  connectionString: string;
  /** The advisory lock's key: one per deployment's database (all instances use the same). */
  key: bigint;
  /** How long a standby waits between attempts, and a holder between checks of its session. */
  retryMs?: number;
  log?: { info(message: string): void; warn(message: string): void; error(message: string): void };
}

/** The key of the effects lease, next to the ledger's other advisory locks (migrations …001, log …002, wrapping …003); fixed so every version agrees. */
export const EFFECTS_LOCK_KEY = 7_271_838_102_741_004n;

/**
 * A lease on a PostgreSQL session-level advisory lock (pg_try_advisory_lock), taken on a
 * client of its own and held for the lease's whole life. The lock lives and dies with that
 * session: when the holder is killed (even SIGKILL) the server ends the session and frees the
 * lock at once, and a standby wins it on its next attempt (every retryMs, ~1 s). A holder that
 * loses its connection (an error, the server gone, a failed check) stops its work before
 * trying again: the server may already have given the lock to another instance.
 */
export class AdvisoryLease implements EffectsLease {
  private current: Exclude<LeaseState, 'single'> = 'standby';
  private readonly works: LeasedWork[] = [];
  private client?: Client;
  private closed = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private lost = false;
  private readonly retryMs: number;

  constructor(private readonly options: AdvisoryLeaseOptions) {
    this.retryMs = options.retryMs ?? 1000;
  }

  get state(): LeaseState {
    return this.current;
  }

  get holds(): boolean {
    return this.current === 'held';
  }

  /** Begins trying to win the lease; returns at once. */
  start(): void {
    this.loop ??= this.campaign();
  }

  async run(work: LeasedWork): Promise<void> {
    this.works.push(work);
    if (this.holds) await work.start();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.loop;
  }

  private async campaign(): Promise<void> {
    while (!this.closed) {
      try {
        if (!this.client) await this.connect();
        if (this.current === 'standby') {
          const { rows } = await this.client!.query<{ won: boolean }>('SELECT pg_try_advisory_lock($1) AS won', [this.options.key.toString()]);
          if (rows[0].won && !this.lost) await this.win();
        } else {
          // The session still answers: the lock is still ours.
          await this.client!.query('SELECT 1');
        }
        if (this.lost) throw new Error('the lease connection ended');
      } catch (error) {
        await this.lose(error as Error);
      }
      await this.pause();
    }
    await this.lose();
  }

  private async connect(): Promise<void> {
    this.lost = false;
    const client = new Client({
      connectionString: this.options.connectionString,
      application_name: 'privacy-ledger lease',
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
      query_timeout: 5_000,
    });
    // Without listeners a dropped connection would crash the process; it ends the lease instead.
    client.on('error', () => this.dropped(client));
    client.on('end', () => this.dropped(client));
    this.client = client;
    await client.connect();
  }

  private dropped(client: Client): void {
    if (client !== this.client) return;
    this.lost = true;
    this.wake?.();
  }

  private async win(): Promise<void> {
    this.current = 'held';
    this.options.log?.info('effects lease won: this instance shreds for the erasure process, sweeps and notifies');
    for (const work of this.works) {
      try {
        await work.start();
      } catch (error) {
        this.options.log?.error(`${work.name} did not start under the lease: ${(error as Error).message}`);
      }
    }
  }

  /** Stops the work (if held) and drops the session, which frees the lock on the server. */
  private async lose(error?: Error): Promise<void> {
    if (this.current === 'held') {
      this.current = 'standby';
      if (error) this.options.log?.warn(`effects lease lost (${error.message}): stopping shredding, the sweep and notifications`);
      for (const work of [...this.works].reverse()) await work.stop().catch(() => undefined);
    } else if (error && !this.closed) {
      this.options.log?.warn(`effects lease: cannot reach the database (${error.message}); retrying`);
    }
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private pause(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.retryMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
