import { jsonEvent } from '@eventstore/db-client';
import type { EventData } from '@eventstore/db-client';
import { eventHash } from '../chain/event-hash';
import { canonicalJson } from '../chain/canonical-json';
import type { NewEvent } from '../port/recorded-event';
import { toClientEventId } from './event-ids';
import { wrapMetadata } from './ledger-envelope';

/** The last event of a stream, as far as the hash chain cares. */
export interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

export interface ChainedEvent {
  readonly eventData: EventData;
  readonly revision: number;
  readonly hash: string;
}

/**
 * The events as EventStoreDB will store them, hash-chained exactly like the SQLite store: each
 * hash covers the canonical JSON of data and metadata, the recordedAt of the ledger clock and
 * the previous event's hash. Data is sent as the parse of its canonical JSON, so what the
 * server keeps is exactly the content the hash covers.
 */
export function chainEvents(streamId: string, events: readonly NewEvent[], head: StreamHead | undefined, recordedAt: string): ChainedEvent[] {
  let prevHash = head?.hash ?? null;
  let revision = head?.revision ?? -1;
  return events.map((event) => {
    revision += 1;
    const data = canonicalJson(event.data);
    const metadata = event.metadata ?? {};
    const hash = eventHash({
      prevHash,
      streamId,
      revision,
      id: event.id,
      type: event.type,
      recordedAt,
      data,
      metadata: canonicalJson(metadata),
    });
    const eventData = jsonEvent({
      id: toClientEventId(event.id),
      type: event.type,
      data: JSON.parse(data) as Record<string, unknown>,
      metadata: wrapMetadata(metadata, { id: event.id, recordedAt, prevHash, hash }),
    });
    prevHash = hash;
    return { eventData, revision, hash };
  });
}
