import { createHmac } from 'node:crypto';
import { deriveKey } from './key-derivation';

/**
 * The ids of the events the ledger writes itself (an erasure request's SubjectRequestReceived,
 * SubjectDataShredded). Event ids are one namespace shared with every emitter, so an id anyone
 * can compute can be taken first: a name-based UUID of subject and request once let an emitter
 * turn the DPO's erasure request into a 409, and keep the proof of a shredding from ever being
 * written. These ids are an HMAC of what they stand for under a key derived from the master
 * key: the same parts always give the same id, so a retry is still recognised as one, and no
 * one without the master key can tell which id the ledger will use.
 */
export class LedgerEventIds {
  constructor(private readonly key: Buffer) {}

  static fromMasterKey(masterKey: Buffer): LedgerEventIds {
    return new LedgerEventIds(deriveKey(masterKey, 'event-id'));
  }

  /** A UUID (RFC 9562 version 8, "custom") for the event `purpose` of these parts. */
  of(purpose: string, ...parts: string[]): string {
    const bytes = createHmac('sha256', this.key)
      .update(JSON.stringify([purpose, ...parts]))
      .digest()
      .subarray(0, 16);
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

export const LEDGER_EVENT_IDS = Symbol('LEDGER_EVENT_IDS');
