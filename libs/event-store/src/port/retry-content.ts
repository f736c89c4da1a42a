import { canonicalJson } from '../chain/canonical-json';

/**
 * The metadata field that says who sent an event (`recordedBy`), not what the event says. A
 * retry is the same write whoever sends it: a client that lost the answer may retry with
 * another key, and an event id the ledger derives (a DPO's erasure request) may be sent again
 * by another DPO. So when a store compares a retry with what it holds, it leaves this field
 * out; the stored event keeps the attribution of its first sender, and the hash chain covers it
 * like every other byte.
 */
export const SENDER_METADATA_FIELD = 'recordedBy';

/** The metadata a retry must repeat: all of it but the sender. */
export function retryMetadata(metadata: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const rest = { ...metadata };
  delete rest[SENDER_METADATA_FIELD];
  return rest;
}

/** Whether stored and retried metadata (canonical JSON both) are the same content for idempotency. */
export function sameRetryMetadata(stored: string, retried: string): boolean {
  if (stored === retried) return true;
  return canonicalJson(retryMetadata(JSON.parse(stored))) === canonicalJson(retryMetadata(JSON.parse(retried)));
}
