import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@ledger/event-store';
import type { Handles } from './handles';

/**
 * A read model built from the log. It owns its tables in the projections database and is
 * disposable: the runner can drop them and replay the log to build them again.
 */
export interface Projection<Name extends string = string> {
  readonly name: Name;
  /** Bumped when the tables or the folding change: a stored state of another version is rebuilt. */
  readonly version: number;
  /** The tables it owns, in the order to drop them. */
  readonly tables: readonly string[];
  /** The events it folds; the runner hands it no others (absent: every event of the log). */
  readonly handles?: Handles;
  /** Creates its tables (if missing) and prepares its statements. */
  setup(db: Database.Database): void;
  /** Folds events in log order; runs inside the transaction that also moves its checkpoint. */
  apply(events: readonly RecordedEvent[]): void;
  /**
   * For process managers: effects to carry out once a batch is committed (append commands,
   * destroy keys). Awaited before the next batch; it must be idempotent, because a crash can
   * come after the commit and before the effects, and the process must catch up on its own.
   */
  afterCommit?(): Promise<void>;
  /** The transaction that applied the last events rolled back: forget anything kept in memory from them. */
  discardUncommitted?(): void;
  /** For process managers: an effect that keeps failing and needs an operator (shown by the runner's status), or undefined. */
  alarm?(): string | undefined;
}
