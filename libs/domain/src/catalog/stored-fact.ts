import type { LedgerEvent, LedgerEventType } from './event-data';

/** A process of the ledger itself that writes facts: shredding, and erasures the retention policy starts. */
export type LedgerProcess = 'erasure-process' | 'retention-sweep';

/**
 * Who told the ledger a fact: the API key that sent it, as the key was at that moment (its
 * name and role then; revoking or renaming it later changes nothing here), or a process of
 * the ledger.
 */
export type FactRecorder =
  | { kind: 'key'; keyId: string; name: string; role: string }
  | { kind: 'ledger'; process: LedgerProcess };

/**
 * What the ledger stores beside a fact's clear `data`: business time, the pseudonymous
 * subject, who recorded it, and the sealed personal parts (ciphertext; see libs/vault
 * personal-sealer). The metadata is inside the hash chain.
 */
export interface StoredFactMetadata {
  occurredAt: string;
  subjectId?: string;
  /** The emitting system named in the subject reference (not personal). */
  system?: string;
  /** Absent on facts recorded before attribution existed. Not compared when a retry is checked (see the event store's retry-content). */
  recordedBy?: FactRecorder;
  sealed?: Record<string, unknown>;
}

/** The fields of a stored event a projection needs, whatever the store. */
export interface StoredEventLike {
  id: string;
  type: string;
  streamId: string;
  revision: number;
  position: { commit: number };
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recordedAt: string;
}

/** When the fact happened (business time). Every fact the ledger stores says so; ledger time stands in otherwise. */
export const occurredAtOf = (stored: Pick<StoredEventLike, 'metadata' | 'recordedAt'>): string =>
  (stored.metadata as unknown as StoredFactMetadata).occurredAt ?? stored.recordedAt;

/** The domain's view of a stored event: clear data, business time and ledger time. */
export function toLedgerEvent(stored: StoredEventLike): LedgerEvent {
  return {
    id: stored.id,
    type: stored.type as LedgerEventType,
    data: stored.data as never,
    occurredAt: occurredAtOf(stored),
    recordedAt: stored.recordedAt,
    streamId: stored.streamId,
    revision: stored.revision,
    position: stored.position.commit,
  } as LedgerEvent;
}
