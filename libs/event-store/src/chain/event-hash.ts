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
    .update(
      `${f.prevHash ?? ''}\n${f.streamId}\n${f.revision}\n${f.id}\n${f.type}\n${f.recordedAt}\n${f.data}\n${f.metadata}`,
    )
    .digest('hex');
}
