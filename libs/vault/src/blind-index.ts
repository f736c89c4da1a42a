import { createHmac } from 'node:crypto';

/**
 * How the vault finds a subject by the emitter's name for it without storing that name:
 * HMAC-SHA256 of system and external id under a key derived from the master key. The vault
 * computes it over the name's normal form (normalSubjectName), so look-alike spellings of one
 * id share an index; the construction itself never changes, so indexes of names that were
 * already in normal form (any printable ASCII id) stay valid.
 */
export function blindIndex(key: Buffer, system: string, externalId: string): Buffer {
  return createHmac('sha256', key).update(system).update('\0').update(externalId).digest();
}
