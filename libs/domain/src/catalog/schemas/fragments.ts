/** JSON Schema building blocks shared by the per-type schemas of the catalog. */
export type JsonSchema = Record<string, unknown>;

export const NAME_MAX = 200;
export const TEXT_MAX = 4000;
/** The longest list a fact may carry (categories, retained entries, …). */
export const LIST_MAX = 200;

/** Longest identifier: the same bound as a stream id. */
export const IDENTIFIER_MAX = 128;

/**
 * Names no label may take: every member of Object.prototype (and `prototype`). Folds keep
 * labels in Maps, but a label that could shadow or reach a prototype is refused at the door
 * as well: a second line of defence, and no reader of the data has to think about it.
 */
export const RESERVED_NAMES: readonly string[] = [
  ...new Set([
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'toLocaleString',
    'valueOf',
    'hasOwnProperty',
    'isPrototypeOf',
    'propertyIsEnumerable',
    '__defineGetter__',
    '__defineSetter__',
    '__lookupGetter__',
    '__lookupSetter__',
    ...Object.getOwnPropertyNames(Object.prototype),
  ]),
];
const reservedSet = new Set(RESERVED_NAMES);
export const isReservedName = (value: string): boolean => reservedSet.has(value);

/**
 * Identifier shape: a letter or digit, then letters, digits, `.`, `_`, `-`, `:` or `/`. No
 * spaces and no `@`, so a sentence or an e-mail address cannot pass for a purpose or a request
 * id (these are stored in clear and outlive an erasure).
 */
export const IDENTIFIER_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:/-]*$';
/** The shape of a stream id (`breach-<id>`, `recipient-<id>`): an identifier without `/`. */
export const STREAM_REF_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:-]*$';
/**
 * A descriptive label: one line of printable text (spaces inside), no `@`, no control, format or
 * bidi characters, nothing unassigned; it does not start or end with a space.
 */
export const TEXT_LABEL_PATTERN = '^[^\\s@\\p{C}](?:[^@\\p{C}]*[^\\s@\\p{C}])?$';

/** What a value that fails a label pattern is told, by pattern. */
export const LABEL_PATTERN_MESSAGES: Readonly<Record<string, string>> = {
  [IDENTIFIER_PATTERN]: 'must be an identifier: a letter or digit, then letters, digits, ".", "_", "-", ":" or "/" (no spaces, no "@")',
  [STREAM_REF_PATTERN]: 'must be an id of letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
  [TEXT_LABEL_PATTERN]: 'must be one line of printable text without "@", not starting or ending with a space',
};

const notReserved = { not: { enum: [...RESERVED_NAMES] } };

/**
 * An identifier chosen by an emitter: purpose, system, request id, consent reference, channel,
 * format, retention policy. Stored in clear and used as a key by the read models.
 */
export const identifier = (description?: string): JsonSchema => ({
  type: 'string',
  minLength: 1,
  maxLength: IDENTIFIER_MAX,
  pattern: IDENTIFIER_PATTERN,
  ...notReserved,
  ...(description ? { description } : {}),
});

/** An id that names another stream (a breach, a recipient): the stream-id shape. */
export const streamRef = (description?: string): JsonSchema => ({
  ...identifier(description),
  pattern: STREAM_REF_PATTERN,
});

/**
 * A descriptive label: a legal ground ("Art. 52 AWR fiscal duty"), an authority's or a
 * recipient's name, a category of data subjects. Stored in clear: it names laws, organisations
 * and groups, never a person.
 */
export const textLabel = (description?: string): JsonSchema => ({
  type: 'string',
  minLength: 1,
  maxLength: NAME_MAX,
  pattern: TEXT_LABEL_PATTERN,
  ...notReserved,
  ...(description ? { description } : {}),
});

export const freeText = (description?: string): JsonSchema => ({
  type: 'string',
  minLength: 1,
  maxLength: TEXT_MAX,
  pattern: '\\S',
  ...(description ? { description } : {}),
});

export const oneOf = (values: readonly string[], description?: string): JsonSchema => ({
  type: 'string',
  enum: [...values],
  ...(description ? { description } : {}),
});

export const instant = (description?: string): JsonSchema => ({
  type: 'string',
  format: 'instant',
  description: description ?? 'ISO 8601 date-time with offset, e.g. 2025-06-10T14:00:00Z',
});

export const dateOrInstant = (description?: string): JsonSchema => ({
  type: 'string',
  format: 'date-or-instant',
  description: description ?? 'ISO 8601 date (2032-12-31) or date-time with offset',
});

export const country = (description?: string): JsonSchema => ({
  type: 'string',
  format: 'country',
  description: description ?? 'ISO 3166-1 alpha-2 country code, e.g. NL',
});

export const categories = (description?: string): JsonSchema => ({
  type: 'array',
  minItems: 1,
  maxItems: LIST_MAX,
  uniqueItems: true,
  items: { type: 'string', format: 'category' },
  description: description ?? 'data categories (fideslang keys, or keys under the custom prefix)',
});

export const count = (description?: string): JsonSchema => ({
  type: 'integer',
  minimum: 0,
  maximum: 1e12,
  ...(description ? { description } : {}),
});

export const list = (items: JsonSchema, description?: string): JsonSchema => ({
  type: 'array',
  minItems: 1,
  maxItems: LIST_MAX,
  items,
  ...(description ? { description } : {}),
});

/** An object schema that refuses properties it does not name. */
export function record(properties: Record<string, JsonSchema>, required: string[], extra: JsonSchema = {}): JsonSchema {
  return { type: 'object', properties, required, additionalProperties: false, ...extra };
}
