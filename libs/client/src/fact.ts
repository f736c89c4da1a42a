import { randomUUID } from 'node:crypto';
import { EVENT_STREAMS, EventDataByType, EventType } from './generated/catalog';

/** How a fact names the person it is about: the emitting system's own id, or the ledger's subjectId. */
export type SubjectReference = { system: string; externalId: string } | { subjectId: string };

/** Personal values (e-mail, name, IP, …): the ledger encrypts them per subject and shreds them on erasure. */
export type PersonalValues = Record<string, string | number | boolean | null>;

/** The stream kind a type is recorded on. */
export type StreamKindOf<T extends EventType> = (typeof EVENT_STREAMS)[T];

/** How a fact of each stream kind names its stream (and, on subject streams, carries personal values). */
export interface StreamReferences {
  subject: { subject: SubjectReference; personal?: PersonalValues };
  breach: { breachId: string };
  recipient: { recipientId: string };
  activity: { activityId: string };
}

/** What a caller gives for a fact of type T: its data and its stream; its id and business time if it wants. */
export type FactInput<T extends EventType> = {
  /** A UUID of the caller's, for its own idempotency (a retry of the same fact); made when absent. */
  id?: string;
  /** When it happened (business time); now when absent. */
  occurredAt?: string | Date;
  data: EventDataByType[T];
} & StreamReferences[StreamKindOf<T>];

/** Any fact with its type named: the argument of `record()`. */
export type AnyFactInput = { [K in EventType]: { type: K } & FactInput<K> }[EventType];

/** A fact as the ledger's HTTP API takes it: the envelope of POST /v1/events. */
export type LedgerFact<T extends EventType = EventType> = {
  [K in T]: { id: string; type: K; occurredAt: string; data: EventDataByType[K] } & StreamReferences[StreamKindOf<K>];
}[T];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const REFERENCE_KEYS = { subject: 'subject', breach: 'breachId', recipient: 'recipientId', activity: 'activityId' } as const;

/**
 * The envelope of a fact: the caller's id or a new UUID, the business time as ISO 8601, and
 * only the properties the ledger takes for the type's stream kind. Throws on what the caller
 * can fix at once (an id that is not a UUID, an invalid date, an unknown type); the ledger
 * checks the rest.
 */
export function buildFact<T extends EventType>(type: T, input: FactInput<T>): LedgerFact<T> {
  const kind = EVENT_STREAMS[type] as StreamKindOf<T> | undefined;
  if (!kind) throw new TypeError(`${String(type)} is not an event type an emitter may send`);
  if (input.id !== undefined && (typeof input.id !== 'string' || !UUID.test(input.id))) {
    throw new TypeError(`the id of a ${type} fact must be a UUID, got ${JSON.stringify(input.id)}`);
  }
  const occurredAt = input.occurredAt ?? new Date();
  if (occurredAt instanceof Date && Number.isNaN(occurredAt.getTime())) {
    throw new TypeError(`the occurredAt of a ${type} fact is an invalid Date`);
  }
  const reference = REFERENCE_KEYS[kind];
  const source = input as Record<string, unknown>;
  const fact: Record<string, unknown> = {
    id: input.id ?? randomUUID(),
    type,
    occurredAt: occurredAt instanceof Date ? occurredAt.toISOString() : occurredAt,
    [reference]: source[reference],
    data: input.data,
  };
  if (kind === 'subject' && source.personal !== undefined) fact.personal = source.personal;
  return fact as unknown as LedgerFact<T>;
}
