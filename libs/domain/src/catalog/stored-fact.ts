import type { LedgerEvent, NewFact, SubjectEventType } from './event-data';

/**
 * A process of the ledger itself that writes facts: shredding, erasures the retention policy
 * starts, and the consumer of the RabbitMQ queue (facts its emitters published there).
 */
export type LedgerProcess = 'erasure-process' | 'retention-sweep' | 'broker-consumer';

/**
 * Who told the ledger a fact: the API key that sent it, as the key was at that moment (its
 * name and role then; revoking or renaming it later changes nothing here), or a process of
 * the ledger.
 */
export type FactRecorder = { kind: 'key'; keyId: string; name: string; role: string } | { kind: 'ledger'; process: LedgerProcess };

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

/**
 * Where the store's untyped events become the catalog's union again: the store keeps `type` and
 * `data` as it was given them, and the catalog checked both on the way in (FactValidator, or the
 * ledger's own deciders). The one cast between the store and the folds.
 */
function fromStore<E>(event: { type: string; data: Record<string, unknown> } & Omit<E, 'type' | 'data'>): E {
  return event as unknown as E;
}

/** A stored event of a subject stream as the erasure decider folds it. */
export const toSubjectFact = (stored: Pick<StoredEventLike, 'id' | 'type' | 'data' | 'metadata' | 'recordedAt'>): NewFact<SubjectEventType> =>
  fromStore<NewFact<SubjectEventType>>({ id: stored.id, type: stored.type, occurredAt: occurredAtOf(stored), data: stored.data });

/** The read models' view of a stored event: clear data, business time and ledger time. */
export function toLedgerEvent(stored: StoredEventLike): LedgerEvent {
  return fromStore<LedgerEvent>({
    id: stored.id,
    type: stored.type,
    data: stored.data,
    occurredAt: occurredAtOf(stored),
    recordedAt: stored.recordedAt,
    streamId: stored.streamId,
    revision: stored.revision,
    position: stored.position.commit,
  });
}
