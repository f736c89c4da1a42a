import { canonicalJson, parseUnambiguousJson } from '@ledger/event-store';
import type { Signature, SignatureVerdict } from '@ledger/event-store';
import { KeyObject, createPublicKey, hash, verify } from 'node:crypto';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw 32-byte key follows it. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** How GET /v1/keys/signing publishes the key. */
export interface PublishedSigningKey {
  readonly algorithm: 'Ed25519';
  readonly keyId: string;
  readonly publicKeyPem: string;
  /** Base64 of the raw 32-byte key. */
  readonly publicKeyBase64: string;
}

/**
 * The public half of the ledger's signing key: checks signatures without access to the
 * private key. Its id is the hex SHA-256 of the raw 32-byte key.
 */
export class PublicSigningKey {
  readonly raw: Buffer;
  readonly keyId: string;

  constructor(private readonly key: KeyObject) {
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 key (${key.asymmetricKeyType})`);
    this.raw = key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
    this.keyId = hash('sha256', this.raw, 'hex');
  }

  /**
   * Reads a key as published or saved: the JSON of GET /v1/keys/signing, a PEM public key (or
   * private key, whose public half is taken), or the raw key in base64.
   */
  static parse(text: string): PublicSigningKey {
    const trimmed = text.trim();
    if (trimmed.startsWith('{')) {
      const published = parseUnambiguousJson(trimmed) as Partial<PublishedSigningKey>;
      if (typeof published.publicKeyPem !== 'string') throw new Error('the JSON has no publicKeyPem');
      return PublicSigningKey.parse(published.publicKeyPem);
    }
    if (trimmed.startsWith('-----BEGIN')) return new PublicSigningKey(createPublicKey(trimmed));
    const raw = Buffer.from(trimmed, 'base64');
    if (raw.length !== 32) throw new Error('expected a PEM key, the JSON of GET /v1/keys/signing, or 32 bytes of base64');
    return new PublicSigningKey(createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' }));
  }

  get pem(): string {
    return this.key.export({ format: 'pem', type: 'spki' }).toString();
  }

  published(): PublishedSigningKey {
    return { algorithm: 'Ed25519', keyId: this.keyId, publicKeyPem: this.pem, publicKeyBase64: this.raw.toString('base64') };
  }

  /** Whether `signature` is this key's signature over the canonical JSON of `value`. */
  check(value: unknown, signature: Signature): SignatureVerdict {
    if (signature.algorithm !== 'Ed25519') return { valid: false, reason: `unknown algorithm ${String(signature.algorithm)}` };
    if (signature.keyId !== this.keyId) return { valid: false, reason: `signed with key ${signature.keyId}, not with key ${this.keyId}` };
    const bytes = Buffer.from(signature.value, 'base64');
    const valid = bytes.length === 64 && verify(null, Buffer.from(canonicalJson(value)), this.key, bytes);
    return valid ? { valid: true } : { valid: false, reason: 'the signature does not match the signed content; it was changed after signing' };
  }
}
