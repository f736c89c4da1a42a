/** What runs only on the instance that holds the lease: started when it is won, stopped when it is lost. */
export interface LeasedWork {
  name: string;
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

/**
 * 'single': one instance (no LEDGER_DATABASE_URL), which always runs its effects;
 * 'held' / 'standby': one of several instances on one PostgreSQL database, holding the lease or not.
 */
export type LeaseState = 'single' | 'held' | 'standby';

/**
 * The lease on the ledger's effects (the erasure process, the retention sweep, the
 * notifications outbox): what must happen once per deployment, not once per instance.
 */
export interface EffectsLease {
  readonly state: LeaseState;
  /** Whether effects may run here now. */
  readonly holds: boolean;
  /** Registers work to run while the lease is held (at once, if it is). */
  run(work: LeasedWork): Promise<void>;
  /** Stops the work and gives the lease up. */
  close(): Promise<void>;
}

export const EFFECTS_LEASE = Symbol('EFFECTS_LEASE');

/** One instance: the lease is always held; work runs from registration until close. */
export class SingleInstanceLease implements EffectsLease {
  readonly state = 'single' as const;
  readonly holds = true;
  private readonly works: LeasedWork[] = [];

  async run(work: LeasedWork): Promise<void> {
    this.works.push(work);
    await work.start();
  }

  async close(): Promise<void> {
    for (const work of this.works.splice(0).reverse()) await work.stop();
  }
}
