import { BREACH_SUMMARY_FORMAT, BreachSummary } from './breach-summary';

/**
 * A summary as the ledger hands it out and a regulator saves it: the summary, and the ledger's
 * Ed25519 signature over its canonical JSON (RFC 8785). Nothing else may sit beside them, so
 * every byte of meaning in the file is covered by the signature.
 */
export interface SignedBreachSummary {
  summary: BreachSummary;
  signature: { algorithm: 'Ed25519'; keyId: string; value: string };
}

/** A file that is not a signed summary: says which part is wrong. */
export class InvalidSignedSummaryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSignedSummaryError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a saved signed summary from the file's JSON value. The `summary` object is kept exactly
 * as found, so the signature is checked over what the file holds, not over what a summary should
 * hold. The value must come from a reader that refuses JSON with two meanings (a key twice, a
 * number written unlike its value: @ledger/event-store's parseUnambiguousJson): after JSON.parse,
 * a forged `summary` followed by the genuine one would verify.
 */
export function parseSignedBreachSummary(value: unknown): SignedBreachSummary {
  const problem = (path: string, expected: string) => new InvalidSignedSummaryError(`${path} must be ${expected}`);
  if (!isObject(value)) throw problem('the file', 'a JSON object {summary, signature}');
  const extra = Object.keys(value).filter((k) => k !== 'summary' && k !== 'signature');
  if (extra.length) throw new InvalidSignedSummaryError(`unsigned field${extra.length > 1 ? 's' : ''} beside the summary: ${extra.join(', ')}`);
  const { summary, signature } = value;
  if (!isObject(summary)) throw problem('summary', 'an object');
  if (summary.format !== BREACH_SUMMARY_FORMAT) throw problem('summary.format', `"${BREACH_SUMMARY_FORMAT}"`);
  if (typeof summary.breachId !== 'string') throw problem('summary.breachId', 'a string');
  if (!isObject(signature)) throw problem('signature', 'an object {algorithm, keyId, value}');
  if (signature.algorithm !== 'Ed25519') throw problem('signature.algorithm', '"Ed25519"');
  if (typeof signature.keyId !== 'string') throw problem('signature.keyId', 'a string');
  if (typeof signature.value !== 'string') throw problem('signature.value', 'a base64 string');
  const extraInSignature = Object.keys(signature).filter((k) => !['algorithm', 'keyId', 'value'].includes(k));
  if (extraInSignature.length) throw new InvalidSignedSummaryError(`unknown field in signature: ${extraInSignature.join(', ')}`);
  return value as unknown as SignedBreachSummary;
}
