/** JSON Schema building blocks shared by the per-type schemas of the catalog. */
export type JsonSchema = Record<string, unknown>;

export const NAME_MAX = 200;
export const TEXT_MAX = 4000;

/** A short identifier or label: purposes, systems, ids chosen by emitters. */
export const label = (description?: string): JsonSchema => ({
  type: 'string',
  minLength: 1,
  maxLength: NAME_MAX,
  pattern: '\\S',
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
  maxItems: 200,
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
  maxItems: 200,
  items,
  ...(description ? { description } : {}),
});

/** An object schema that refuses properties it does not name. */
export function record(
  properties: Record<string, JsonSchema>,
  required: string[],
  extra: JsonSchema = {},
): JsonSchema {
  return { type: 'object', properties, required, additionalProperties: false, ...extra };
}
