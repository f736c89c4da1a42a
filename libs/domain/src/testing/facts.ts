import type { EventDataByType, LedgerEvent, LedgerEventType, NewFact } from '../catalog/event-data';

/**
 * Typed builders of the catalog's events for unit tests: `fact('PersonalDataCollected', {...})`
 * checks `data` against the type, so a misspelt field or a value outside a vocabulary does not
 * compile (test/typed-builders.typecheck.ts).
 */

let sequence = 0;
const nextId = () => `e${String(++sequence).padStart(8, '0')}`;

/** An event as a decider decides and folds it. */
export function fact<T extends LedgerEventType>(type: T, data: EventDataByType[T], occurredAt = '2025-01-01T00:00:00.000Z', id = nextId()): NewFact<T> {
  // A generic T cannot be matched to its member of the union; the signature has checked `data` against `type`.
  return { id, type, occurredAt, data } as unknown as NewFact<T>;
}

/** An event as the read models fold it: a fact with its place in the log. */
export function event<T extends LedgerEventType>(
  type: T,
  data: EventDataByType[T],
  occurredAt = '2025-01-01T00:00:00.000Z',
  streamId = 'subject-S',
): LedgerEvent<T> {
  const id = nextId();
  return { id, type, occurredAt, recordedAt: occurredAt, streamId, revision: sequence, position: sequence, data } as unknown as LedgerEvent<T>;
}

/** A decided or built fact at a place in the log, for the read models' folds: the same fact both folds see. */
export function inLog<T extends LedgerEventType>(f: NewFact<T>, position: number, streamId = 'subject-S'): LedgerEvent<T> {
  return { ...f, recordedAt: f.occurredAt, streamId, revision: position, position } as LedgerEvent<T>;
}
