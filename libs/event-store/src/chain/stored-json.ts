import canonicalize from 'canonicalize';

/**
 * The stored JSON of data and metadata: RFC 8785 canonical form, so the same content always
 * has the same bytes (idempotent retries compare bytes; hashes are reproducible anywhere).
 */
export function storedJson(value: Record<string, unknown>): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('event data must be a JSON object');
  return text;
}
