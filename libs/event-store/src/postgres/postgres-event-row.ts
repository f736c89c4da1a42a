import { positionOf } from '../port/log-position';
import type { RecordedEvent } from '../port/recorded-event';

/** The columns every read selects; hashes come back as hex, the form RecordedEvent carries. */
export const EVENT_COLUMNS =
  "position, id, stream, revision, type, data, metadata, recorded_at, encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash";

export interface PostgresEventRow {
  /** bigint: node-postgres returns it as text. */
  position: string;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
  prev_hash: string | null;
  hash: string;
}

export function toRecorded(row: PostgresEventRow): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    streamId: row.stream,
    revision: row.revision,
    position: positionOf(Number(row.position)),
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    recordedAt: row.recorded_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
