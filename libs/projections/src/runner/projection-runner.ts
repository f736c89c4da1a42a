import type Database from 'better-sqlite3';
import { EventStore, LogPosition, RecordedEvent, Subscription, comparePositions } from '@ledger/event-store';
import { CheckpointStore } from './checkpoint-store';
import type { Projection } from './projection';
import { FOLD_TURNS } from './fold-turns';
import { handledBy } from './handles';
import { QuarantineStore, QuarantinedEvent } from './quarantine-store';
import { ReadSide } from './read-side';

export interface ProjectionStatus<Name extends string = string> {
  name: Name;
  /** Commit position of the last event applied (or set aside); 0 before the first. */
  position: number;
  caughtUp: boolean;
  /** Present (true) while its state is being built again from zero: after `rebuild` or a change of version. */
  rebuilding?: true;
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
  /**
   * Each projection folds a batch in its own transaction and its own turn of the event loop
   * (for the thread that serves HTTP); otherwise one transaction covers the batch for all of
   * them (a worker thread, a rebuild).
   */
  turnPerProjection?: boolean;
  /** Something `status()` shows may have changed (a position, an error, caught up): for a runner in a worker to report. */
  onChange?: () => void;
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
  rebuilding: boolean;
  /**
   * Folded by the shared reader. A projection that failed drops out and follows the log alone
   * from its own checkpoint (a straggler) until it has reached the shared reader, then rejoins.
   */
  inStep: boolean;
  error?: string;
  quarantined: number;
  failures: QuarantinedEvent[];
  /** The straggler's own subscription and loop, while it runs. */
  subscription?: Subscription;
  loop?: Promise<void>;
  waiters: Waiter[];
}

/** A reading of the log for some projections: which, and what to do at each step. */
interface Reading {
  /** The projections this reading folds into (all in one transaction per batch). */
  members(): RunningProjection[];
  /** Where the reading starts (exclusive). */
  from: LogPosition | null;
  /** After each batch, and at "caught up": whether to stop reading. */
  done(caughtUp: boolean): boolean;
  onProgress?: (name: string, commit: number) => void;
  /** For the shared reader: the end of each batch it handed out. */
  delivered?(position: LogPosition): void;
  /** Where an error of the database goes: the shared reader sets the projection apart, a straggler or a rebuild throws. */
  onInfrastructureError(state: RunningProjection, error: unknown): void;
  /** The subscription opened for the reading, for stop() to end it. */
  subscribed?(subscription: Subscription): void;
}

/**
 * Runs projections from the store's catch-up subscription (principle 1: nothing is learned
 * from an in-memory bus). One reader of the log serves them all: it reads and parses each event
 * once and hands each batch to every projection, in one transaction that also moves each one's
 * checkpoint, so a crash never applies an event twice or skips one. Each projection keeps its
 * own checkpoint and ignores what it already holds: one that is behind (new, upgraded, failing)
 * catches up from its own checkpoint, alone when the others are ahead of it.
 */
export class ProjectionRunner<Name extends string = string> extends ReadSide<Name> {
  private readonly running = new Map<string, RunningProjection>();
  private readonly checkpoints: CheckpointStore;
  private readonly quarantine: QuarantineStore;
  private readonly batchSize: number;
  private readonly retryMs: number;
  private readonly attempts: number;
  private stopped = true;
  /** The shared reader: its subscription, its loop, and the end of the last batch it handed out. */
  private shared?: { subscription?: Subscription; loop: Promise<void>; delivered: LogPosition | null };

  constructor(
    private readonly store: Pick<EventStore, 'subscribeToAll'>,
    private readonly db: Database.Database,
    projections: readonly Projection<Name>[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    super();
    this.checkpoints = new CheckpointStore(db);
    this.quarantine = new QuarantineStore(db);
    this.batchSize = options.batchSize ?? 500;
    this.retryMs = options.retryMs ?? 1000;
    this.attempts = options.attemptsBeforeQuarantine ?? 3;
    for (const projection of projections) this.add(projection);
  }

  override get names(): Name[] {
    return [...this.running.keys()] as Name[];
  }

  /** Adds a projection (a process manager made elsewhere) to those the one reader serves; before start. */
  add<N extends Name>(projection: Projection<N>): void {
    if (!this.stopped) throw new Error('add projections before starting the runner');
    if (this.running.has(projection.name)) throw new Error(`a projection named ${projection.name} runs already`);
    const stored = this.checkpoints.load(projection.name);
    const upgraded = stored !== undefined && stored.version !== projection.version;
    if (upgraded) this.reset(projection);
    else projection.setup(this.db);
    this.running.set(projection.name, {
      projection,
      handles: projection.handles ? handledBy(projection.handles) : () => true,
      position: stored && !upgraded ? stored.position : null,
      caughtUp: false,
      rebuilding: upgraded,
      inStep: true,
      quarantined: this.quarantine.countOf(projection.name),
      failures: this.quarantine.of(projection.name, FAILURES_SHOWN),
      waiters: [],
    });
  }

  override start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    for (const state of this.running.values()) state.inStep = true;
    const shared = { loop: Promise.resolve(), delivered: null as LogPosition | null } as NonNullable<typeof this.shared>;
    this.shared = shared;
    shared.loop = this.runShared(shared);
  }

  override async stop(): Promise<void> {
    this.stopped = true;
    const shared = this.shared;
    this.shared = undefined;
    await Promise.all([shared?.subscription?.stop(), ...[...this.running.values()].map((s) => s.subscription?.stop())]);
    await Promise.all([shared?.loop, ...[...this.running.values()].map((s) => s.loop)]);
  }

  override status(): ProjectionStatus<Name>[] {
    return [...this.running.values()].map((s) => {
      const alarm = s.projection.alarm?.();
      return {
        name: s.projection.name as Name,
        position: s.position?.commit ?? 0,
        caughtUp: s.caughtUp,
        ...(s.rebuilding ? { rebuilding: true as const } : {}),
        ...(s.error ? { error: s.error } : {}),
        ...(alarm ? { alarm } : {}),
        quarantined: s.quarantined,
        failures: [...s.failures],
      };
    });
  }

  /** Whether every named projection has applied the log up to `commit`. */
  override reached(names: readonly Name[], commit: number): boolean {
    return names.every((n) => (this.state(n).position?.commit ?? 0) >= commit);
  }

  /** Resolves true once every named projection has applied the log up to `commit`, false after `timeoutMs`. */
  override async waitFor(names: readonly Name[], commit: number, timeoutMs: number): Promise<boolean> {
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
   * again for all of them in one reading, reporting progress: the way out once the fold is
   * fixed. The runner must be stopped. Resolves once they have caught up with the log.
   */
  async rebuild(names: readonly Name[] = this.names, onProgress?: (name: string, commit: number) => void): Promise<void> {
    if (!this.stopped) throw new Error('stop the projection runner before rebuilding');
    const states = names.map((name) => this.state(name));
    for (const state of states) {
      this.reset(state.projection);
      Object.assign(state, { position: null, caughtUp: false, rebuilding: true, quarantined: 0, failures: [], error: undefined });
    }
    await this.read({
      members: () => states,
      from: null,
      done: (caughtUp) => caughtUp,
      onProgress,
      onInfrastructureError: (_, error) => {
        throw error;
      },
    });
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

  /** The one reader of the log: reads from the furthest-behind projection in step and serves all in step. */
  private async runShared(shared: NonNullable<typeof this.shared>): Promise<void> {
    while (!this.stopped && this.shared === shared) {
      const members = [...this.running.values()].filter((s) => s.inStep);
      const from = members.reduce<LogPosition | null | undefined>(
        (min, s) => (min === undefined ? s.position : min === null || s.position === null ? null : comparePositions(s.position, min) < 0 ? s.position : min),
        undefined,
      );
      shared.delivered = from ?? null;
      try {
        await this.read({
          members: () => [...this.running.values()].filter((s) => s.inStep),
          from: from ?? null,
          done: () => this.stopped,
          delivered: (position) => (shared.delivered = position),
          onInfrastructureError: (state, error) => this.setApart(state, error),
          subscribed: (subscription) => (shared.subscription = subscription),
        });
      } catch (error) {
        // The batch's transaction itself failed: nothing of it holds, every member tries again.
        for (const state of members) {
          state.error = (error as Error).message;
          this.options.onError?.(state.projection.name, error);
        }
        this.options.onChange?.();
        await this.pause();
      }
    }
  }

  /** A projection the shared reader cannot fold for now: it follows the log alone, from its own checkpoint, until it has caught up with the reader. */
  private setApart(state: RunningProjection, error: unknown): void {
    state.inStep = false;
    state.error = (error as Error).message;
    this.options.onError?.(state.projection.name, error);
    this.options.onChange?.();
    state.loop = this.straggle(state);
  }

  private async straggle(state: RunningProjection): Promise<void> {
    while (!this.stopped && !state.inStep) {
      await this.pause();
      if (this.stopped) return;
      try {
        await this.read({
          members: () => (state.inStep ? [] : [state]),
          from: state.position,
          done: () => this.stopped || this.rejoin(state),
          onInfrastructureError: (_, e) => {
            throw e;
          },
          subscribed: (subscription) => (state.subscription = subscription),
        });
        state.error = undefined;
      } catch (e) {
        state.error = (e as Error).message;
        this.options.onError?.(state.projection.name, e);
        this.options.onChange?.();
      }
    }
  }

  /**
   * Rejoins the shared reader once the straggler holds all it has handed out: the reader's next
   * batch starts after that, and the straggler ignores what of it it already holds.
   */
  private rejoin(state: RunningProjection): boolean {
    const delivered = this.shared?.delivered ?? null;
    if (delivered !== null && (state.position === null || comparePositions(state.position, delivered) < 0)) return false;
    state.inStep = true;
    return true;
  }

  private pause(): Promise<void> {
    return new Promise((r) => setTimeout(r, this.retryMs).unref());
  }

  /**
   * Reads the subscription from `reading.from`, folding batches into its members; returns when
   * `done` says so or on stop. A batch is committed when it is full, when the subscription
   * sends anything but an event, or when the subscription goes quiet (the event loop gets round
   * to its check phase): so a live event is applied at once whether or not the store says
   * "caught up" after it, while catching up still commits in full batches.
   */
  private async read(reading: Reading): Promise<void> {
    const subscription = this.store.subscribeToAll({ fromPosition: reading.from ?? undefined });
    reading.subscribed?.(subscription);
    let batch: RecordedEvent[] = [];
    let flushing: Promise<void> | undefined;
    let quiet: NodeJS.Immediate | undefined;
    let last = reading.from;
    let finished = false;
    // A flush made when the log went quiet that failed: no message may come to hear of it, so it ends the reading and is thrown from here.
    let failed: { error: unknown } | undefined;
    const flush = async () => {
      const events = batch;
      batch = [];
      if (events.length) await this.fold(reading, events);
      if (reading.onProgress) for (const s of reading.members()) reading.onProgress(s.projection.name, s.position?.commit ?? 0);
    };
    // One timer at a time, however many events arrive before it fires.
    const flushWhenQuiet = () => {
      quiet ??= setImmediate(() => {
        quiet = undefined;
        flushing ??= flush()
          .then(
            () => {
              // Done on a quiet log: no message may come to end the loop, so end the subscription.
              if (reading.done(false)) {
                finished = true;
                void subscription.stop();
              }
            },
            (error: unknown) => {
              failed = { error };
              void subscription.stop();
            },
          )
          .finally(() => (flushing = undefined));
      });
    };
    const settle = async () => {
      if (flushing) await flushing;
    };
    try {
      for await (const message of subscription) {
        await settle();
        if (failed) throw failed.error;
        if (finished) return;
        if (message.kind === 'event') {
          // Anything at or before the last event read is a redelivery.
          if (last && comparePositions(message.event.position, last) <= 0) continue;
          last = message.event.position;
          batch.push(message.event);
          if (batch.length >= this.batchSize) {
            // The subscription hands over events in microtasks: each full batch waits for a turn
            // of the event loop of its own (fold-turns.ts), or a burst would be folded in one
            // block, holding up every request.
            await FOLD_TURNS.next();
            await flush();
            if (reading.done(false)) return;
          } else flushWhenQuiet();
          continue;
        }
        await flush();
        if (message.kind === 'checkpoint') this.checkpointAll(reading, message.position);
        if (message.kind === 'caught-up') {
          for (const state of reading.members()) {
            state.caughtUp = true;
            state.rebuilding = false;
            this.release(state);
          }
        }
        if (reading.done(message.kind === 'caught-up')) return;
      }
      await settle();
      if (failed) throw failed.error;
    } finally {
      if (quiet) clearImmediate(quiet);
      await settle();
      await subscription.stop();
    }
  }

  /** A safe place to resume from, with no event to fold: every member behind it moves its checkpoint there. */
  private checkpointAll(reading: Reading, position: LogPosition): void {
    const behind = reading.members().filter((s) => !s.position || comparePositions(position, s.position) > 0);
    if (behind.length === 0) return;
    this.db.transaction(() => {
      for (const s of behind) this.checkpoints.save(s.projection.name, s.projection.version, position);
    })();
    for (const s of behind) {
      s.position = position;
      this.release(s);
    }
    reading.delivered?.(position);
  }

  /**
   * Folds a batch into every member in one transaction, each member's fold and checkpoint in a
   * savepoint of its own: a fold that fails rolls back only its own part. Such a member folds
   * the batch again one event at a time: the events that fold are applied, one that still fails
   * after `attemptsBeforeQuarantine` tries is set aside (recorded beside the checkpoint, which
   * moves past it), so one bad event never stops a projection. Errors of the database itself
   * are not the event's fault: they set the member apart (`onInfrastructureError`).
   */
  private async fold(reading: Reading, events: readonly RecordedEvent[]): Promise<void> {
    if (this.options.turnPerProjection) return this.foldInTurns(reading, events);
    const end = events[events.length - 1].position;
    const members = reading.members();
    const done: RunningProjection[] = [];
    const failed: { state: RunningProjection; events: RecordedEvent[]; error: unknown }[] = [];
    try {
      this.db.transaction(() => {
        for (const state of members) {
          // A member ahead of the whole batch (a straggler that rejoined) has it all already.
          if (state.position && comparePositions(state.position, end) >= 0) continue;
          const mine = events.filter((e) => (!state.position || comparePositions(e.position, state.position) > 0) && state.handles(e));
          try {
            this.db.transaction(() => {
              if (mine.length) state.projection.apply(mine);
              this.checkpoints.save(state.projection.name, state.projection.version, end);
            })();
            done.push(state);
          } catch (error) {
            state.projection.discardUncommitted?.();
            // SQLite rolled the whole transaction back (I/O, full, busy): nothing of the batch holds.
            if (!this.db.inTransaction) throw error;
            failed.push({ state, events: mine, error });
          }
        }
      })();
    } catch (error) {
      for (const state of done) state.projection.discardUncommitted?.();
      throw error;
    }
    // Handed out, before anything is awaited: a straggler that rejoins from here on gets the next batch.
    reading.delivered?.(end);
    for (const state of done) {
      state.position = end;
      state.error = undefined;
      this.release(state);
    }
    for (const { state, events: mine, error } of failed) await this.recover(reading, state, mine, end, error);
    for (const state of done) await state.projection.afterCommit?.();
  }

  /**
   * The batch folded by each member in a transaction of its own, each in a turn of the event
   * loop of its own (fold-turns.ts): in the thread that serves HTTP, a request waits for one
   * projection's batch at most, not for all of them.
   */
  private async foldInTurns(reading: Reading, events: readonly RecordedEvent[]): Promise<void> {
    const end = events[events.length - 1].position;
    const members = reading.members();
    reading.delivered?.(end);
    for (const [i, state] of members.entries()) {
      if (state.position && comparePositions(state.position, end) >= 0) continue;
      if (i > 0) await FOLD_TURNS.next();
      const mine = events.filter((e) => (!state.position || comparePositions(e.position, state.position) > 0) && state.handles(e));
      try {
        this.commit(state, mine, end);
      } catch (error) {
        await this.recover(reading, state, mine, end, error);
        continue;
      }
      await state.projection.afterCommit?.();
    }
  }

  /** A member whose fold of a batch failed: set apart (the database's fault), or its events folded one by one (see fold). */
  private async recover(reading: Reading, state: RunningProjection, events: RecordedEvent[], end: LogPosition, error: unknown): Promise<void> {
    if (isInfrastructureError(error)) return reading.onInfrastructureError(state, error);
    try {
      for (const event of events) await this.foldAlone(state, event);
      this.commit(state, [], end);
    } catch (e) {
      if (!isInfrastructureError(e)) throw e;
      reading.onInfrastructureError(state, e);
    }
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
        if (events.length) projection.apply(events);
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
    this.options.onChange?.();
  }
}
