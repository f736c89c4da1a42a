/**
 * EventStoreDB keeps an event's data and metadata and nothing else the ledger needs, so the
 * ledger's own fields travel in the metadata under one reserved key and are taken out again on
 * read: RecordedEvent.metadata is exactly what the caller appended.
 */
export const LEDGER_KEY = '$ledger';

export interface LedgerFields {
  /** The port's event id (the EventStoreDB id is derived from it; see event-ids.ts). */
  readonly id: string;
  readonly recordedAt: string;
  readonly prevHash: string | null;
  readonly hash: string;
}

/** An event in a ledger stream without the ledger's fields: written by something else. */
export class ForeignEventError extends Error {
  constructor(where: string, why: string) {
    super(`${where} was not written by the ledger: ${why}`);
    this.name = 'ForeignEventError';
  }
}

export function wrapMetadata(metadata: Record<string, unknown>, ledger: LedgerFields): Record<string, unknown> {
  return { ...metadata, [LEDGER_KEY]: { ...ledger } };
}

export function unwrapMetadata(stored: unknown, where: string): { metadata: Record<string, unknown>; ledger: LedgerFields } {
  if (!isObject(stored)) throw new ForeignEventError(where, 'its metadata is not a JSON object');
  const { [LEDGER_KEY]: ledger, ...metadata } = stored;
  if (!isLedgerFields(ledger)) throw new ForeignEventError(where, `its metadata has no valid ${LEDGER_KEY} entry`);
  return { metadata, ledger: { id: ledger.id, recordedAt: ledger.recordedAt, prevHash: ledger.prevHash, hash: ledger.hash } };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function isLedgerFields(value: unknown): value is LedgerFields {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    typeof value.recordedAt === 'string' &&
    (value.prevHash === null || typeof value.prevHash === 'string') &&
    typeof value.hash === 'string'
  );
}
