import type Database from 'better-sqlite3';
import { EventStore, LogPosition, RecordedEvent, Subscription, comparePositions } from '@ledger/event-store';
import { CheckpointStore } from './checkpoint-store';
import type { Projection } from './projection';
import { FOLD_TURNS } from './fold-turns';
import { handledBy } from './handles';
import { QuarantineStore, QuarantinedEvent } from './quarantine-store';

export interface ProjectionStatus<Name extends string = string> {
  name: Name;
  /** Commit position of the last event applied (or set aside); 0 before the first. */
  position: number;
  caughtUp: boolean;
  /** The last error that stopped the projection (it retries); absent while it runs. */
  error?: string;
  /** An effect of the projection that keeps failing (Projection.alarm). */
  alarm?: string;
  /** How many events it set aside because it could not fold them. */
  quarantined: number;
  /** Those events (the first FAILURES_SHOWN): position, id, stream, type, error. */
  failures: QuarantinedEvent[];
}

export interface ProjectionRunnerOptions {
  /** Events folded per transaction while catching up. */
  batchSize?: number;
  /** Pause before a failed projection tries again. */
  retryMs?: number;
  /** Attempts at folding one event alone before it is set aside. */
  attemptsBeforeQuarantine?: number;
  onError?: (projection: string, error: unknown) => void;
  /** An event was set aside: the projection goes on without it until it is rebuilt. */
  onQuarantine?: (projection: string, event: QuarantinedEvent) => void;
  now?: () => Date;
}

/** Quarantined events listed in a status; the count says how many there are in all. */
export const FAILURES_SHOWN = 100;

/**
 * Errors of the database itself (busy, locked, I/O, full, corrupt, schema): the fold is not at
 * fault and no event may be skipped for them, so the runner retries the batch until they pass.
 * SQLite errors an event can cause (a constraint it breaks, a value too big) and every error of
 * the fold itself are the event's: those events are retried alone and then set aside.
 */
export function isInfrastructureError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return false;
  return !/^SQLITE_(CONSTRAINT|TOOBIG|MISMATCH|RANGE)/.test(code);
}

interface Waiter {
  commit: number;
  resolve(reached: boolean): void;
}

interface RunningProjection {
  projection: Projection;
  /** Whether an event is one the projection folds (Projection.handles). */
  handles(event: RecordedEvent): boolean;
  position: LogPosition | null;
  caughtUp: boolean;
  error?: string;
  quarantined: number;
  failures: QuarantinedEvent[];
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
export class ProjectionRunner<Name extends string = string> {
  private readonly running = new Map<string, RunningProjection>();
  private readonly checkpoints: CheckpointStore;
  private readonly quarantine: QuarantineStore;
  private readonly batchSize: number;
  private readonly retryMs: number;
  private readonly attempts: number;
  private stopped = true;

  constructor(
    private readonly store: EventStore,
    private readonly db: Database.Database,
    projections: readonly Projection<Name>[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.checkpoints = new CheckpointStore(db);
    this.quarantine = new QuarantineStore(db);
    this.batchSize = options.batchSize ?? 500;
    this.retryMs = options.retryMs ?? 1000;
    this.attempts = options.attemptsBeforeQuarantine ?? 3;
    for (const projection of projections) {
      const stored = this.checkpoints.load(projection.name);
      if (stored && stored.version !== projection.version) this.reset(projection);
      else projection.setup(db);
      this.running.set(projection.name, {
        projection,
        handles: projection.handles ? handledBy(projection.handles) : () => true,
        position: stored && stored.version === projection.version ? stored.position : null,
        caughtUp: false,
        quarantined: this.quarantine.countOf(projection.name),
        failures: this.quarantine.of(projection.name, FAILURES_SHOWN),
        waiters: [],
      });
    }
  }

  get names(): Name[] {
    return [...this.running.keys()] as Name[];
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

  status(): ProjectionStatus<Name>[] {
    return [...this.running.values()].map((s) => {
      const alarm = s.projection.alarm?.();
      return {
        name: s.projection.name as Name,
        position: s.position?.commit ?? 0,
        caughtUp: s.caughtUp,
        ...(s.error ? { error: s.error } : {}),
        ...(alarm ? { alarm } : {}),
        quarantined: s.quarantined,
        failures: [...s.failures],
      };
    });
  }

  /** Whether every named projection has applied the log up to `commit`. */
  reached(names: readonly Name[], commit: number): boolean {
    return names.every((n) => (this.state(n).position?.commit ?? 0) >= commit);
  }

  /** Resolves true once every named projection has applied the log up to `commit`, false after `timeoutMs`. */
  async waitFor(names: readonly Name[], commit: number, timeoutMs: number): Promise<boolean> {
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
   * Drops the named projections' state and the events they set aside, and folds the whole log
   * again, reporting progress: the way out once the fold is fixed. The runner must be stopped.
   * Resolves once each has caught up with the log.
   */
  async rebuild(names: readonly Name[] = this.names, onProgress?: (name: string, commit: number) => void): Promise<void> {
    if (!this.stopped) throw new Error('stop the projection runner before rebuilding');
    for (const name of names) {
      const state = this.state(name);
      this.reset(state.projection);
      state.position = null;
      state.caughtUp = false;
      state.quarantined = 0;
      state.failures = [];
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
      this.quarantine.clear(projection.name);
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
      if (events.length) await this.fold(state, events);
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
          if (batch.length >= this.batchSize) {
            // The subscription hands over events in microtasks, and every projection wakes on the
            // same commit: each full batch waits for a turn of its own (fold-turns.ts), or a
            // burst would be folded by all of them in one block, holding up every request.
            await FOLD_TURNS.next();
            await flush();
          } else flushWhenQuiet();
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

  /**
   * Folds a batch in one transaction. If the fold fails, the batch is folded again one event
   * at a time: the events that fold are applied, one that still fails after
   * `attemptsBeforeQuarantine` tries is set aside (recorded beside the checkpoint, which moves
   * past it), so one bad event never stops a projection. Errors of the database itself are
   * not the event's fault: they stop the projection, which retries (see run).
   */
  private async fold(state: RunningProjection, events: readonly RecordedEvent[]): Promise<void> {
    try {
      this.commit(state, events, events[events.length - 1].position);
    } catch (error) {
      if (isInfrastructureError(error)) throw error;
      for (const event of events) await this.foldAlone(state, event);
      return;
    }
    await state.projection.afterCommit?.();
  }

  private async foldAlone(state: RunningProjection, event: RecordedEvent): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.commit(state, [event], event.position);
        break;
      } catch (error) {
        if (isInfrastructureError(error)) throw error;
        if (attempt >= this.attempts) {
          this.setAside(state, event, error);
          break;
        }
        // A failure that passes (a moment's contention in a dependency) is retried, not set aside.
        // Not unref'd: a rebuild from the CLI has nothing else keeping the process alive.
        await new Promise((r) => setTimeout(r, 20 * attempt));
      }
    }
    await state.projection.afterCommit?.();
  }

  private setAside(state: RunningProjection, event: RecordedEvent, error: unknown): void {
    const { projection } = state;
    let entry!: QuarantinedEvent;
    this.db.transaction(() => {
      entry = this.quarantine.add(projection.name, event, error, this.options.now?.() ?? new Date());
      this.checkpoints.save(projection.name, projection.version, event.position);
    })();
    state.quarantined += 1;
    if (state.failures.length < FAILURES_SHOWN) state.failures.push(entry);
    state.position = event.position;
    this.release(state);
    this.options.onQuarantine?.(projection.name, entry);
  }

  private commit(state: RunningProjection, events: readonly RecordedEvent[], position: LogPosition): void {
    const { projection } = state;
    try {
      this.db.transaction(() => {
        const handled = events.filter(state.handles);
        if (handled.length) projection.apply(handled);
        this.checkpoints.save(projection.name, projection.version, position);
      })();
    } catch (error) {
      projection.discardUncommitted?.();
      throw error;
    }
    state.position = position;
    state.error = undefined;
    this.release(state);
  }

  private release(state: RunningProjection): void {
    const commit = state.position?.commit ?? 0;
    const waiting = state.waiters;
    state.waiters = waiting.filter((w) => w.commit > commit);
    for (const w of waiting) if (w.commit <= commit) w.resolve(true);
  }
}
