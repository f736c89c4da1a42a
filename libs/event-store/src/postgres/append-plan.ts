import { eventHash } from '../chain/event-hash';
import { IdempotencyConflictError, WrongExpectedRevisionError } from '../port/event-store-errors';
import { ExpectedRevision, meetsExpectation } from '../port/expected-revision';
import { positionOf } from '../port/log-position';
import type { AppendResult, AppendedEvent } from '../port/recorded-event';
import { sameRetryMetadata } from '../port/retry-content';

/** An event whose data and metadata are canonical JSON already (done before the log lock is taken). */
export interface PreparedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

export interface PreparedWrite {
  readonly streamId: string;
  readonly events: readonly PreparedEvent[];
  readonly expectedRevision: ExpectedRevision;
}

/** One caller's append or appendMany: all its writes are stored, or none. */
export interface PendingAppend {
  readonly writes: readonly PreparedWrite[];
  readonly recordedAt: string;
}

export interface StoredEvent {
  readonly position: number;
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

export interface StreamTip {
  readonly revision: number;
  /** Hex SHA-256. */
  readonly hash: string;
}

/** A row to insert: the stored fields and the hash chain link. */
export interface NewRow extends StoredEvent {
  readonly recordedAt: string;
  readonly prevHash: string | null;
  readonly hash: string;
}

/**
 * What the appender knows of the log while it holds the log lock: the last position, the tips
 * of the streams its batch writes to, and the stored events whose ids its batch uses. Planning
 * an append updates it, so the next append of the same batch sees it.
 */
export interface LogState {
  position: number;
  readonly tips: Map<string, StreamTip>;
  readonly byId: Map<string, StoredEvent>;
}

export type AppendPlan =
  { readonly ok: true; readonly rows: readonly NewRow[]; readonly results: AppendResult[] } | { readonly ok: false; readonly error: Error };

/**
 * Decides one pending append against the log as it is: the rows to insert and the answers, or
 * the error. The same rules as the embedded store: an event id stored already makes the write
 * a retry, which must match what was stored event for event (else IdempotencyConflictError);
 * otherwise the expected revision must hold. Nothing is changed in `state` unless every write
 * of the append succeeds.
 */
export function planAppend(append: PendingAppend, state: LogState): AppendPlan {
  const tips = new Map<string, StreamTip>();
  const byId = new Map<string, StoredEvent>();
  const tipOf = (stream: string) => tips.get(stream) ?? state.tips.get(stream);
  const storedAs = (id: string) => byId.get(id) ?? state.byId.get(id);
  let position = state.position;
  const rows: NewRow[] = [];
  const results: AppendResult[] = [];
  try {
    for (const write of append.writes) {
      const first = write.events[0] && storedAs(write.events[0].id);
      if (first) {
        results.push(replayed(write, first, storedAs));
        continue;
      }
      const tip = tipOf(write.streamId);
      if (!meetsExpectation(write.expectedRevision, tip?.revision)) {
        throw new WrongExpectedRevisionError(write.streamId, write.expectedRevision, tip?.revision);
      }
      let revision = tip ? tip.revision : -1;
      let prevHash = tip ? tip.hash : null;
      const appended: AppendedEvent[] = [];
      for (const event of write.events) {
        if (storedAs(event.id)) throw new IdempotencyConflictError(event.id);
        revision += 1;
        position += 1;
        const hash = eventHash({
          prevHash,
          streamId: write.streamId,
          revision,
          id: event.id,
          type: event.type,
          recordedAt: append.recordedAt,
          data: event.data,
          metadata: event.metadata,
        });
        const row: NewRow = {
          position,
          id: event.id,
          stream: write.streamId,
          revision,
          type: event.type,
          data: event.data,
          metadata: event.metadata,
          recordedAt: append.recordedAt,
          prevHash,
          hash,
        };
        rows.push(row);
        byId.set(event.id, row);
        appended.push({ id: event.id, revision, position: positionOf(position) });
        prevHash = hash;
      }
      if (prevHash !== null && appended.length > 0) tips.set(write.streamId, { revision, hash: prevHash });
      results.push({ streamId: write.streamId, events: appended, nextExpectedRevision: revision, duplicate: false });
    }
  } catch (error) {
    return { ok: false, error: error as Error };
  }
  for (const [stream, tip] of tips) state.tips.set(stream, tip);
  for (const [id, event] of byId) state.byId.set(id, event);
  state.position = position;
  return { ok: true, rows, results };
}

/** The first event id is stored already: a retry must match what was stored, event for event. */
function replayed(write: PreparedWrite, first: StoredEvent, storedAs: (id: string) => StoredEvent | undefined): AppendResult {
  const appended = write.events.map((event, i): AppendedEvent => {
    const stored = i === 0 ? first : storedAs(event.id);
    const same =
      stored !== undefined &&
      stored.stream === write.streamId &&
      stored.revision === first.revision + i &&
      stored.type === event.type &&
      stored.data === event.data &&
      sameRetryMetadata(stored.metadata, event.metadata);
    if (!same) throw new IdempotencyConflictError(event.id);
    return { id: stored.id, revision: stored.revision, position: positionOf(stored.position) };
  });
  return { streamId: write.streamId, events: appended, nextExpectedRevision: appended[appended.length - 1].revision, duplicate: true };
}
