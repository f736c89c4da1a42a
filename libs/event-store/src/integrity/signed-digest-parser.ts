import { parseUnambiguousJson } from '../chain/unambiguous-json';
import { DIGEST_FORMAT, SignedDigest } from './ledger-digest';

/** A digest file that is not a digest: says which field is wrong. */
export class InvalidDigestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidDigestError';
  }
}

const HEX_HASH = /^[0-9a-f]{64}$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/**
 * Reads a saved digest (the body of GET /v1/ledger/digest). The `digest` object is kept exactly
 * as found, extra fields included, so its signature is checked over what the file holds; a file
 * that could be read two ways (a key twice, a number written unlike the ledger writes it) is
 * refused, so that what a reader sees in it is what was checked.
 */
export function parseSignedDigest(text: string): SignedDigest {
  let value: unknown;
  try {
    value = parseUnambiguousJson(text);
  } catch (error) {
    throw new InvalidDigestError((error as Error).message);
  }
  const problem = (path: string, expected: string) => new InvalidDigestError(`${path} must be ${expected}`);
  if (!isObject(value)) throw problem('the digest file', 'a JSON object');
  const { digest, signature, heads } = value;
  if (!isObject(digest)) throw problem('digest', 'an object');
  if (digest.format !== DIGEST_FORMAT) throw problem('digest.format', `"${DIGEST_FORMAT}"`);
  if (!isCount(digest.position)) throw problem('digest.position', 'a whole number >= 0');
  if (!isCount(digest.streams)) throw problem('digest.streams', 'a whole number >= 0');
  if (typeof digest.root !== 'string' || !HEX_HASH.test(digest.root)) throw problem('digest.root', '64 lowercase hex digits');
  if (typeof digest.issuedAt !== 'string') throw problem('digest.issuedAt', 'a string');
  if (!isObject(signature)) throw problem('signature', 'an object');
  if (signature.algorithm !== 'Ed25519') throw problem('signature.algorithm', '"Ed25519"');
  if (typeof signature.keyId !== 'string') throw problem('signature.keyId', 'a string');
  if (typeof signature.value !== 'string') throw problem('signature.value', 'a base64 string');
  if (heads !== undefined) {
    if (!Array.isArray(heads)) throw problem('heads', 'an array');
    heads.forEach((head: unknown, i) => {
      if (!isObject(head) || typeof head.stream !== 'string' || !isCount(head.revision) || typeof head.hash !== 'string' || !HEX_HASH.test(head.hash)) {
        throw problem(`heads[${i}]`, '{stream, revision, hash} with a 64-digit hex hash');
      }
    });
  }
  return value as unknown as SignedDigest;
}
