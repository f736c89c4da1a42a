import type Database from 'better-sqlite3';
import { EventStore, LogPosition, RecordedEvent, Subscription, comparePositions } from '@ledger/event-store';
import { CheckpointStore } from './checkpoint-store';
import type { Projection } from './projection';

export interface ProjectionStatus {
  name: string;
  /** Commit position of the last event applied; 0 before the first. */
  position: number;
  caughtUp: boolean;
  error?: string;
  /** An effect of the projection that keeps failing (Projection.alarm). */
  alarm?: string;
}

export interface ProjectionRunnerOptions {
  /** Events folded per transaction while catching up. */
  batchSize?: number;
  /** Pause before a failed projection tries again. */
  retryMs?: number;
  onError?: (projection: string, error: unknown) => void;
}

interface Waiter {
  commit: number;
  resolve(reached: boolean): void;
}

interface RunningProjection {
  projection: Projection;
  position: LogPosition | null;
  caughtUp: boolean;
  error?: string;
  subscription?: Subscription;
  loop?: Promise<void>;
  waiters: Waiter[];
}

/**
 * Runs projections from the store's catch-up subscription (principle 1: nothing is learned
 * from an in-memory bus). Each projection reads from its own stored checkpoint and writes
 * state and checkpoint in one transaction, so a crash never applies an event twice or skips
 * one; an event at or before the checkpoint is ignored.
 */
export class ProjectionRunner {
  private readonly running = new Map<string, RunningProjection>();
  private readonly checkpoints: CheckpointStore;
  private readonly batchSize: number;
  private readonly retryMs: number;
  private stopped = true;

  constructor(
    private readonly store: EventStore,
    private readonly db: Database.Database,
    projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.checkpoints = new CheckpointStore(db);
    this.batchSize = options.batchSize ?? 500;
    this.retryMs = options.retryMs ?? 1000;
    for (const projection of projections) {
      const stored = this.checkpoints.load(projection.name);
      if (stored && stored.version !== projection.version) this.reset(projection);
      else projection.setup(db);
      this.running.set(projection.name, {
        projection,
        position: stored && stored.version === projection.version ? stored.position : null,
        caughtUp: false,
        waiters: [],
      });
    }
  }

  get names(): string[] {
    return [...this.running.keys()];
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    for (const state of this.running.values()) state.loop = this.run(state);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.running.values()].map((s) => s.subscription?.stop()));
    await Promise.all([...this.running.values()].map((s) => s.loop));
  }

  status(): ProjectionStatus[] {
    return [...this.running.values()].map((s) => {
      const alarm = s.projection.alarm?.();
      return {
        name: s.projection.name,
        position: s.position?.commit ?? 0,
        caughtUp: s.caughtUp,
        ...(s.error ? { error: s.error } : {}),
        ...(alarm ? { alarm } : {}),
      };
    });
  }

  /** Whether every named projection has applied the log up to `commit`. */
  reached(names: readonly string[], commit: number): boolean {
    return names.every((n) => (this.state(n).position?.commit ?? 0) >= commit);
  }

  /** Resolves true once every named projection has applied the log up to `commit`, false after `timeoutMs`. */
  async waitFor(names: readonly string[], commit: number, timeoutMs: number): Promise<boolean> {
    const pending = names.map((n) => this.state(n)).filter((s) => (s.position?.commit ?? 0) < commit);
    if (pending.length === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const waiters = pending.map((s) => {
      const waiter = { commit } as Waiter;
      const done = new Promise<boolean>((resolve) => (waiter.resolve = resolve));
      s.waiters.push(waiter);
      return { state: s, waiter, done };
    });
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([Promise.all(waiters.map((w) => w.done)).then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
      // A wait that timed out must not stay behind to be scanned on every commit.
      for (const { state, waiter } of waiters) state.waiters = state.waiters.filter((w) => w !== waiter);
    }
  }

  /**
   * Drops the named projections' state and folds the whole log again, reporting progress.
   * The runner must be stopped. Resolves once each has caught up with the log.
   */
  async rebuild(names: readonly string[] = this.names, onProgress?: (name: string, commit: number) => void): Promise<void> {
    if (!this.stopped) throw new Error('stop the projection runner before rebuilding');
    for (const name of names) {
      const state = this.state(name);
      this.reset(state.projection);
      state.position = null;
      state.caughtUp = false;
      await this.catchUp(state, onProgress);
    }
  }

  private state(name: string): RunningProjection {
    const state = this.running.get(name);
    if (!state) throw new Error(`no projection named ${name}; known: ${this.names.join(', ')}`);
    return state;
  }

  private reset(projection: Projection): void {
    this.db.transaction(() => {
      for (const table of projection.tables) this.db.exec(`DROP TABLE IF EXISTS "${table}"`);
      this.checkpoints.clear(projection.name);
    })();
    projection.setup(this.db);
  }

  /** Folds the log until the subscription says it has caught up, then stops. */
  private async catchUp(state: RunningProjection, onProgress?: (name: string, commit: number) => void): Promise<void> {
    await this.follow(state, () => true, onProgress);
  }

  private async run(state: RunningProjection): Promise<void> {
    while (!this.stopped) {
      try {
        await this.follow(state, () => false);
        state.error = undefined;
      } catch (error) {
        state.error = (error as Error).message;
        this.options.onError?.(state.projection.name, error);
        await new Promise((r) => setTimeout(r, this.retryMs).unref());
      }
    }
  }

  /**
   * Reads the subscription from the checkpoint, folding batches; returns when `stopAtCaughtUp`
   * says so or on stop. A batch is committed when it is full, when the subscription sends
   * anything but an event, or when the subscription goes quiet (the event loop gets round to
   * its check phase): so a live event is applied at once whether or not the store says
   * "caught up" after it, while catching up still commits in full batches.
   */
  private async follow(state: RunningProjection, stopAtCaughtUp: () => boolean, onProgress?: (name: string, commit: number) => void): Promise<void> {
    const subscription = this.store.subscribeToAll({ fromPosition: state.position ?? undefined });
    state.subscription = subscription;
    let batch: RecordedEvent[] = [];
    let flushing: Promise<void> | undefined;
    let quiet: NodeJS.Immediate | undefined;
    // The furthest event applied or waiting in the batch: anything at or before it is a redelivery.
    const reached = () => batch.at(-1)?.position ?? state.position;
    const flush = async () => {
      const events = batch;
      batch = [];
      if (events.length) {
        this.commit(state, events, events[events.length - 1].position);
        await state.projection.afterCommit?.();
      }
      onProgress?.(state.projection.name, state.position?.commit ?? 0);
    };
    // One timer at a time, however many events arrive before it fires.
    const flushWhenQuiet = () => {
      quiet ??= setImmediate(() => {
        quiet = undefined;
        flushing ??= flush().finally(() => (flushing = undefined));
      });
    };
    const settle = async () => {
      if (flushing) await flushing;
    };
    try {
      for await (const message of subscription) {
        await settle();
        if (message.kind === 'event') {
          const upTo = reached();
          if (upTo && comparePositions(message.event.position, upTo) <= 0) continue;
          batch.push(message.event);
          if (batch.length >= this.batchSize) await flush();
          else flushWhenQuiet();
          continue;
        }
        await flush();
        if (message.kind === 'checkpoint' && (!state.position || comparePositions(message.position, state.position) > 0)) {
          this.commit(state, [], message.position);
        }
        if (message.kind === 'caught-up') {
          state.caughtUp = true;
          this.release(state);
          if (stopAtCaughtUp()) return;
        }
      }
    } finally {
      if (quiet) clearImmediate(quiet);
      await settle();
      await subscription.stop();
    }
  }

  private commit(state: RunningProjection, events: readonly RecordedEvent[], position: LogPosition): void {
    const { projection } = state;
    try {
      this.db.transaction(() => {
        if (events.length) projection.apply(events);
        this.checkpoints.save(projection.name, projection.version, position);
      })();
    } catch (error) {
      projection.discardUncommitted?.();
      throw error;
    }
    state.position = position;
    this.release(state);
  }

  private release(state: RunningProjection): void {
    const commit = state.position?.commit ?? 0;
    const waiting = state.waiters;
    state.waiters = waiting.filter((w) => w.commit > commit);
    for (const w of waiting) if (w.commit <= commit) w.resolve(true);
  }
}
