import { configure } from 'safe-stable-stringify';

const stringify = configure({ deterministic: true, strict: true, bigint: false, circularValue: TypeError });

/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no white space, numbers and strings
 * as JSON.stringify writes them. For JSON data (no NaN, no undefined) that is the RFC 8785
 * encoding, so the same content always has the same bytes: retries compare bytes, and hashes
 * and signatures can be recomputed by anyone with a JCS implementation.
 */
export function canonicalJson(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new TypeError('value has no JSON encoding');
  return text;
}
