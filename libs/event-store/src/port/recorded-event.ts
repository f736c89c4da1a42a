import type { LogPosition } from './log-position';

/** An event to append. `data` and `metadata` are JSON objects; `id` makes retries idempotent. */
export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata?: Record<string, unknown>;
}

/** An event as the store holds it: its place in its stream and in the log, and its hash chain link. */
export interface RecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: LogPosition;
  readonly data: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
  /** When the store recorded it (the ledger clock), ISO 8601 UTC. */
  readonly recordedAt: string;
  /** Hash of the stream's previous event; null for revision 0. Hex SHA-256. */
  readonly prevHash: string | null;
  /** Hash over this event's stored bytes and prevHash. Hex SHA-256. */
  readonly hash: string;
}

export interface AppendedEvent {
  readonly id: string;
  readonly revision: number;
  readonly position: LogPosition;
}

export interface AppendResult {
  readonly streamId: string;
  readonly events: readonly AppendedEvent[];
  /** The stream's revision after the append: what to expect next time. */
  readonly nextExpectedRevision: number;
  /** True when every event was already stored with the same content (an idempotent retry). */
  readonly duplicate: boolean;
}
