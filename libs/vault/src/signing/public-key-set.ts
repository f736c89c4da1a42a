import { parseUnambiguousJson } from '@ledger/event-store';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Signature, SignatureVerdict } from '@ledger/event-store';
import { PublicSigningKey, PublishedSigningKey } from './public-signing-key';

/** A public key of the ledger and when it was in use (ISO 8601; null: open-ended). */
export interface VerificationKey {
  readonly key: PublicSigningKey;
  readonly validFrom: string | null;
  readonly validUntil: string | null;
  /** The key's name in signed notes, when the key was given as a note verifier key. */
  readonly noteName?: string;
}

/** One key of GET /v1/keys/signing's `keys`. */
export interface PublishedKeyEntry extends PublishedSigningKey {
  readonly validFrom: string | null;
  readonly validUntil: string | null;
  /** The C2SP signed-note verifier key for checkpoints, `<origin>+<key ID>+<key>`. */
  readonly noteVerifierKey?: string;
}

/**
 * GET /v1/keys/signing: the current key's fields at the top level (as before rotation existed,
 * so existing clients keep working) and every key the ledger ever signed with in `keys`.
 */
export interface PublishedKeySet extends PublishedSigningKey {
  readonly validFrom: string | null;
  readonly keys: readonly PublishedKeyEntry[];
  /** The origin line of the ledger's checkpoints, also their key name. */
  readonly checkpointOrigin?: string;
  readonly noteVerifierKey?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const VKEY = /^([^\s+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/;

/**
 * The ledger's public keys as a verifier holds them: checks a signature against the key that
 * made it, and that the key was in use when the signed statement says it was made.
 */
export class PublicKeySet {
  constructor(
    readonly keys: readonly VerificationKey[],
    /** The checkpoints' origin (and note key name), when the published key set says it. */
    readonly checkpointOrigin?: string,
  ) {
    if (keys.length === 0) throw new Error('no public key');
  }

  /**
   * Reads keys as published or saved: the JSON of GET /v1/keys/signing (with every key in
   * `keys`, or the single key of a ledger before rotation), a PEM public key (or private key,
   * whose public half is taken), the raw key in base64, or a note verifier key.
   */
  static parse(text: string): PublicKeySet {
    const trimmed = text.trim();
    const vkey = VKEY.exec(trimmed);
    const material = vkey && Buffer.from(vkey[3], 'base64');
    if (vkey && material?.length === 33 && material[0] === 0x01) {
      return new PublicKeySet([{ key: PublicSigningKey.parse(material.subarray(1).toString('base64')), validFrom: null, validUntil: null, noteName: vkey[1] }]);
    }
    if (!trimmed.startsWith('{')) return new PublicKeySet([{ key: PublicSigningKey.parse(trimmed), validFrom: null, validUntil: null }]);
    // Strictly, as every signed file: a key twice would let the file say one thing and verify another.
    const published = parseUnambiguousJson(trimmed);
    if (!isObject(published)) throw new Error('the key file must be a JSON object');
    const origin = typeof published.checkpointOrigin === 'string' ? published.checkpointOrigin : undefined;
    if (!Array.isArray(published.keys)) return new PublicKeySet([{ key: PublicSigningKey.parse(trimmed), validFrom: null, validUntil: null }], origin);
    const keys = published.keys.map((entry: unknown, i): VerificationKey => {
      if (!isObject(entry) || (typeof entry.publicKeyPem !== 'string' && typeof entry.publicKeyBase64 !== 'string')) {
        throw new Error(`keys[${i}] has neither publicKeyPem nor publicKeyBase64`);
      }
      const key = PublicSigningKey.parse((entry.publicKeyPem ?? entry.publicKeyBase64) as string);
      if (typeof entry.keyId === 'string' && entry.keyId !== key.keyId) throw new Error(`keys[${i}].keyId is not the id of its key`);
      const time = (v: unknown, field: string) => {
        if (v === undefined || v === null) return null;
        if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw new Error(`keys[${i}].${field} must be an ISO 8601 time or null`);
        return v;
      };
      return { key, validFrom: time(entry.validFrom, 'validFrom'), validUntil: time(entry.validUntil, 'validUntil') };
    });
    return new PublicKeySet(keys, origin);
  }

  keyFor(keyId: string): VerificationKey | undefined {
    return this.keys.find((k) => k.key.keyId === keyId);
  }

  /** Describes the keys for a person: their ids and validity. */
  describe(keyId: string): string {
    const k = this.keyFor(keyId);
    if (!k) return `key ${keyId}`;
    if (!k.validFrom && !k.validUntil) return `key ${keyId}`;
    return `key ${keyId} (in use ${k.validFrom ? `from ${k.validFrom}` : 'from the start'}${k.validUntil ? ` until ${k.validUntil}` : ', current'})`;
  }

  /**
   * Whether `signature` over `value` was made by one of these keys; with `signedAt` (the time
   * the signed statement gives), also that the key was in use then: a retired key that signs
   * something new has leaked.
   */
  check(value: unknown, signature: Signature, signedAt?: string): SignatureVerdict {
    const known = this.keyFor(signature.keyId);
    if (!known) {
      if (this.keys.length === 1) return this.keys[0].key.check(value, signature);
      return {
        valid: false,
        reason: `signed with key ${signature.keyId}, which is not one of the ledger's keys (${this.keys.map((k) => k.key.keyId).join(', ')})`,
      };
    }
    const verdict = known.key.check(value, signature);
    if (!verdict.valid || signedAt === undefined) return verdict;
    const at = Date.parse(signedAt);
    if (Number.isNaN(at)) return { valid: false, reason: `the signed time ${signedAt} is not a time` };
    if (known.validUntil && at > Date.parse(known.validUntil)) {
      return {
        valid: false,
        reason: `signed at ${signedAt} with key ${signature.keyId}, which was retired at ${known.validUntil}: a retired key signing something new may have leaked`,
      };
    }
    if (known.validFrom && at < Date.parse(known.validFrom)) {
      return { valid: false, reason: `signed at ${signedAt} with key ${signature.keyId}, which only came into use at ${known.validFrom}` };
    }
    return verdict;
  }
}

/**
 * The public keys of the ledger whose data directory is `dir`, read without touching a private
 * key's secret: signing-keys.json once a key was rotated, else the key in signing.key. The
 * file they came from is named for messages; undefined when the directory holds no key.
 */
export function publicKeysInDirectory(dir: string): { keys: PublicKeySet; file: string } | undefined {
  const setFile = join(dir, 'signing-keys.json');
  if (existsSync(setFile)) {
    const listed = JSON.parse(readFileSync(setFile, 'utf8')) as { keys?: unknown };
    return { keys: PublicKeySet.parse(JSON.stringify({ keys: listed.keys })), file: setFile };
  }
  const keyFile = join(dir, 'signing.key');
  return existsSync(keyFile) ? { keys: PublicKeySet.parse(readFileSync(keyFile, 'utf8')), file: keyFile } : undefined;
}
