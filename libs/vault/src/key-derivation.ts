import { hkdfSync } from 'node:crypto';

/** Separate keys for separate jobs, all derived from the master key (HKDF-SHA256). */
export function deriveKey(master: Buffer, purpose: 'wrap' | 'blind-index' | 'event-id' | 'key-id'): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `privacy-ledger/${purpose}/v1`, 32));
}
