import type { RecordedEvent as ClientRecordedEvent } from '@eventstore/db-client';
import type { RecordedEvent } from '../port/recorded-event';
import { ForeignEventError, unwrapMetadata } from './ledger-envelope';
import { toLogPosition } from './positions';
import { toRevision } from './revisions';

/** An event as EventStoreDB returns it, as the port's RecordedEvent (the ledger envelope taken out of its metadata). */
export function toRecordedEvent(event: ClientRecordedEvent): RecordedEvent {
  const where = `event ${event.id} at ${event.streamId}@${event.revision}`;
  const data: unknown = event.data;
  if (!event.isJson || typeof data !== 'object' || data === null || Array.isArray(data) || data instanceof Uint8Array) {
    throw new ForeignEventError(where, 'its data is not a JSON object');
  }
  // Stream reads carry positions from EventStoreDB 22.6 on; the port needs one for every event.
  if (!event.position) throw new Error(`${where} has no log position: the EventStoreDB server must be 22.6 or later`);
  const { metadata, ledger } = unwrapMetadata(event.metadata, where);
  return {
    id: ledger.id,
    type: event.type,
    streamId: event.streamId,
    revision: toRevision(event.revision),
    position: toLogPosition(event.position),
    data: data as Record<string, unknown>,
    metadata,
    recordedAt: ledger.recordedAt,
    prevHash: ledger.prevHash,
    hash: ledger.hash,
  };
}
