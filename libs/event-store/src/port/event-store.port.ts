import type { ExpectedRevision } from './expected-revision';
import type { LogPosition } from './log-position';
import type { AppendResult, NewEvent, RecordedEvent } from './recorded-event';

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
}

export interface StreamWrite {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision?: ExpectedRevision;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: read events after this position. */
  fromPosition?: LogPosition;
  maxCount?: number;
}

export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  /** Nothing newer to read: history is done, live events follow. */
  | { readonly kind: 'caught-up'; readonly position: LogPosition | null }
  /** A safe place to resume from even when no event was delivered (EventStoreDB filtered reads). */
  | { readonly kind: 'checkpoint'; readonly position: LogPosition };

export interface SubscribeOptions {
  /** Exclusive: deliver events after this position; from the start when absent. */
  fromPosition?: LogPosition;
}

/** A catch-up subscription to the whole log: history first, then live. Iterate it; stop it to end. */
export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  stop(): Promise<void>;
}

/**
 * The event store port. Adapters: embedded SQLite (default) and EventStoreDB. Every adapter
 * passes the same conformance suite (libs/event-store/src/conformance).
 *
 * - Appends are idempotent by event id: the same id with the same content returns the original
 *   result and writes nothing; the same id with other content raises IdempotencyConflictError.
 * - An acknowledged append is durable.
 * - Each stream is hash-chained: every event carries its predecessor's hash.
 */
export interface EventStore {
  readonly name: string;
  /** Whether appendMany commits all writes or none. */
  readonly atomicMultiStreamAppend: boolean;

  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** Several streams in one call; atomic where `atomicMultiStreamAppend` is true. */
  appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** The position of the newest event in the log, or null when the log is empty. */
  headPosition(): Promise<LogPosition | null>;
  /** How many events were recorded at or after `since`; absent where the store cannot tell cheaply (EventStoreDB). */
  countRecordedSince?(since: Date): Promise<number>;
  close(): Promise<void>;
}

/** Nest injection token for the configured EventStore. */
export const EVENT_STORE = Symbol('EVENT_STORE');
