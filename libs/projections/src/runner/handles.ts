import { LedgerEventType, StreamKind, parseStreamName } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';

/**
 * Which events a projection folds, per stream kind: every event of the stream ('all') or only
 * the types listed. The runner hands a projection only these, so a fold never sees a stream it
 * does not know, and a reader sees at a glance what feeds each read model.
 */
export type Handles = Partial<Record<StreamKind, 'all' | readonly LedgerEventType[]>>;

/** A test of one event against a declaration, reading the stream's kind once. */
export function handledBy(handles: Handles): (event: RecordedEvent) => boolean {
  const kinds = new Map(Object.entries(handles).map(([kind, types]) => [kind, types === 'all' ? undefined : new Set<string>(types)]));
  return (event) => {
    const kind = parseStreamName(event.streamId)?.kind;
    if (kind === undefined || !kinds.has(kind)) return false;
    const types = kinds.get(kind);
    return types === undefined || types.has(event.type);
  };
}
