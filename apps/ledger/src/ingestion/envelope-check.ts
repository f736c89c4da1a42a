import Ajv from 'ajv';
import { isNotIn, isUUID, length, matches } from 'class-validator';
import { EMITTABLE_EVENT_TYPES, RESERVED_NAMES, isValidInstant, normalNamePart } from '@ledger/domain';
import { STREAM_ID } from '../common/stream-id';

/**
 * The contract of EventEnvelopeDto and SubjectReferenceDto as FactInspector applies them with
 * class-validator (whitelist, unknown properties refused, SkipIfAbsent: absent skips, null does
 * not), compiled once by ajv for the per-event hot loop: class-validator looks up each class's
 * metadata and builds error objects for every value, which costs most of a valid fact's check.
 *
 * It only says yes or no. A yes means class-validator would find nothing either (the leaf
 * checks are class-validator's own functions and the same domain predicates the DTO rules
 * call); a no sends the envelope to class-validator, which names the problems exactly as
 * before. envelope-check.spec.ts holds both to the same verdict on valid and broken envelopes.
 */
const ajv = new Ajv({ allErrors: false, strict: true });
ajv.addFormat('uuid-any-version', { type: 'string', validate: (v: string) => isUUID(v, 'all') });
ajv.addFormat('uuid', { type: 'string', validate: (v: string) => isUUID(v) });
ajv.addFormat('instant', { type: 'string', validate: isValidInstant });
ajv.addFormat('subject-name-part', { type: 'string', validate: (v: string) => length(v, 1, 200) && normalNamePart(v).problem === undefined });
ajv.addFormat('stream-id', { type: 'string', validate: (v: string) => matches(v, STREAM_ID) && isNotIn(v, [...RESERVED_NAMES]) });

const streamId = { type: 'string', format: 'stream-id' };
const namePart = { type: 'string', format: 'subject-name-part' };

const check = ajv.compile({
  type: 'object',
  required: ['id', 'type', 'occurredAt', 'data'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', format: 'uuid-any-version' },
    type: { type: 'string', enum: [...EMITTABLE_EVENT_TYPES] },
    occurredAt: { type: 'string', format: 'instant' },
    subject: {
      type: 'object',
      additionalProperties: false,
      properties: { system: namePart, externalId: namePart, subjectId: { type: 'string', format: 'uuid' } },
    },
    breachId: streamId,
    recipientId: streamId,
    activityId: streamId,
    data: { type: 'object' },
    personal: { type: 'object' },
  },
});

/** True when class-validator would accept the envelope (not yet its data: FactValidator checks that). */
export function envelopeIsValid(body: unknown): boolean {
  return check(body);
}
