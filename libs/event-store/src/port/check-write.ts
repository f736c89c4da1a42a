import { InvalidAppendError } from './event-store-errors';
import type { StreamWrite } from './event-store.port';

const NAME_MAX = 200;
// Names go into the hash encoding, which separates fields with newlines.
const FORBIDDEN = /[\u0000-\u001f\u007f]/;

/** The shape rules for a write, checked before anything is stored. */
export function checkWrite(write: StreamWrite): void {
  checkName('stream id', write.streamId);
  const seen = new Set<string>();
  for (const event of write.events) {
    checkName('event id', event.id);
    checkName('event type', event.type);
    if (seen.has(event.id)) throw new InvalidAppendError(`event id ${event.id} appears twice in one append`);
    seen.add(event.id);
    if (!isJsonObject(event.data)) throw new InvalidAppendError(`event ${event.id}: data must be a JSON object`);
    if (event.metadata !== undefined && !isJsonObject(event.metadata)) {
      throw new InvalidAppendError(`event ${event.id}: metadata must be a JSON object`);
    }
  }
  const expected = write.expectedRevision;
  if (typeof expected === 'number' && (!Number.isInteger(expected) || expected < 0)) {
    throw new InvalidAppendError(`expected revision must be a non-negative integer, got ${expected}`);
  }
}

function checkName(what: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > NAME_MAX || FORBIDDEN.test(value)) {
    throw new InvalidAppendError(`${what} must be 1 to ${NAME_MAX} printable characters`);
  }
}

const isJsonObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);
