import type Database from 'better-sqlite3';

type Outcome<R> = { ok: R } | { error: unknown };

/**
 * Group commit for a synchronous SQLite connection: work submitted during one event-loop turn
 * is committed in one transaction on the next, so one fsync covers every caller. An item that
 * can fail after writing runs in its own savepoint (better-sqlite3 nests transactions that
 * way), so it rolls back alone and rejects only its own caller; an item that writes with a
 * single statement is atomic already and skips the savepoint. Promises settle after COMMIT.
 *
 * A `barrier` (optional) is what must be durable before a batch may commit, e.g. the key
 * vault's new keys that the batch's events are sealed with: when it returns a promise, the
 * batch commits once that settles (and fails whole if it rejects), while the event loop serves
 * others. Batches commit in the order they were taken, barrier or not.
 */
export class GroupCommit<T, R> {
  private queue: Pending<T, R>[] = [];
  private scheduled = false;
  /** The last batch still waiting for its barrier or commit: later batches commit after it. */
  private tail: Promise<void> | undefined;
  private readonly commit: (items: T[]) => Outcome<R>[];

  constructor(
    db: Pick<Database.Database, 'transaction'>,
    apply: (item: T) => R,
    private readonly hooks: {
      /** After COMMIT, before any caller's promise settles: the items committed and how long the transaction took. */
      afterCommit?: (items: readonly T[], seconds: number) => void;
      afterRollback?: () => void;
      /** False for items that write at most one statement. */
      needsSavepoint?: (item: T) => boolean;
      /** Called as a batch is taken; a promise returned holds its COMMIT until it resolves. */
      barrier?: () => Promise<void> | undefined;
    } = {},
  ) {
    const applyAlone = db.transaction(apply);
    const needsSavepoint = hooks.needsSavepoint ?? (() => true);
    const all = db.transaction((items: T[]) =>
      items.map((item): Outcome<R> => {
        try {
          return { ok: needsSavepoint(item) ? applyAlone(item) : apply(item) };
        } catch (error) {
          return { error };
        }
      }),
    );
    this.commit = (items) => all.immediate(items);
  }

  submit(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Settles when every batch taken so far has committed or failed (for close). */
  async drained(): Promise<void> {
    while (this.tail) await this.tail.catch(() => undefined);
  }

  readonly flush = (): void => {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const barrier = this.hooks.barrier?.();
    if (!barrier && !this.tail) return this.commitBatch(batch);
    // The previous batch's own callers hear of its failure; this one only waits for it.
    const previous = this.tail?.catch(() => undefined);
    const tail: Promise<void> = Promise.all([previous, barrier]).then(
      () => this.commitBatch(batch),
      (error: unknown) => {
        for (const b of batch) b.reject(error);
      },
    );
    this.tail = tail;
    const settled = () => {
      if (this.tail === tail) this.tail = undefined;
    };
    tail.then(settled, settled);
  };

  private commitBatch(batch: Pending<T, R>[]): void {
    let outcomes: Outcome<R>[];
    const items = batch.map((b) => b.item);
    const start = process.hrtime.bigint();
    try {
      outcomes = this.commit(items);
    } catch (error) {
      this.hooks.afterRollback?.();
      for (const b of batch) b.reject(error);
      return;
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    batch.forEach((b, i) => {
      const outcome = outcomes[i];
      if ('ok' in outcome) b.resolve(outcome.ok);
      else b.reject(outcome.error);
    });
    this.hooks.afterCommit?.(items, seconds);
  }
}

interface Pending<T, R> {
  item: T;
  resolve(r: R): void;
  reject(e: unknown): void;
}
