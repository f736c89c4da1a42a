import { InvalidAppendError } from '../port/event-store-errors';
import type { StreamWrite } from '../port/event-store.port';
import { LEDGER_KEY } from './ledger-envelope';
import { CLAIM_STREAM_PREFIX } from './write-claims';

/**
 * What EventStoreDB or this adapter reserve. Refused up front rather than stored: a $-prefixed
 * stream or event type would vanish from readAll and subscriptions (a silent drop), a claim
 * stream name would collide with the idempotency claims, and a caller's $ledger metadata key
 * would be overwritten by the ledger envelope.
 */
export function checkReservedNames(write: StreamWrite): void {
  if (write.streamId.startsWith('$')) {
    throw new InvalidAppendError(`stream ${write.streamId}: names starting with $ are EventStoreDB system streams`);
  }
  if (write.streamId.startsWith(CLAIM_STREAM_PREFIX)) {
    throw new InvalidAppendError(`stream ${write.streamId}: names starting with ${CLAIM_STREAM_PREFIX} are reserved`);
  }
  for (const event of write.events) {
    if (event.type.startsWith('$')) {
      throw new InvalidAppendError(`event ${event.id}: types starting with $ are EventStoreDB system events`);
    }
    if (event.metadata && Object.hasOwn(event.metadata, LEDGER_KEY)) {
      throw new InvalidAppendError(`event ${event.id}: the metadata key ${LEDGER_KEY} is reserved`);
    }
  }
}
