import { createHash } from 'node:crypto';

/** The stored form of an event that its hash covers: the exact bytes the store keeps. */
export interface HashedFields {
  prevHash: string | null;
  streamId: string;
  revision: number;
  id: string;
  type: string;
  recordedAt: string;
  data: string;
  metadata: string;
}

/**
 * SHA-256 over the stored bytes, linked to the predecessor. Fields are newline-separated;
 * none can contain a raw newline (ids, types and stream names are checked; JSON escapes them).
 * The data is the stored ciphertext form, so shredding keys never breaks a chain.
 */
export function eventHash(f: HashedFields): string {
  return createHash('sha256')
    .update(`${f.prevHash ?? ''}\n${f.streamId}\n${f.revision}\n${f.id}\n${f.type}\n${f.recordedAt}\n${f.data}\n${f.metadata}`)
    .digest('hex');
}

/**
 * The text eventHash hashes, built by SQLite from an `events` row, so verify reads one string
 * per event instead of every column (concat_ws: one allocation, where || copies at each step;
 * a NULL column is left out, which no stored hash can match). Must stay equal to the encoding
 * above (event-hash.spec.ts holds the two together). It is the text as the ledger reads it
 * back (UTF-8 decoded), which is what was hashed when the event was appended.
 */
export const EVENT_HASH_PREIMAGE_SQL = "concat_ws(char(10), COALESCE(lower(hex(prev_hash)), ''), stream, revision, id, type, recorded_at, data, metadata)";
