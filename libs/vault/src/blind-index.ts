import { createHmac } from 'node:crypto';

/**
 * How the vault finds a subject by the emitter's name for it without storing that name:
 * HMAC-SHA256 of system and external id under a key derived from the master key.
 */
export function blindIndex(key: Buffer, system: string, externalId: string): Buffer {
  return createHmac('sha256', key).update(system).update('\0').update(externalId).digest();
}
