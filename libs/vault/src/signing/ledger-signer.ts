import { canonicalJson } from '@ledger/event-store';
import type { Signature, SignatureVerdict } from '@ledger/event-store';
import { KeyObject, createPublicKey, sign } from 'node:crypto';
import { PublicSigningKey } from './public-signing-key';
import { loadSigningKey } from './signing-key-file';
import type { SigningKeyRing } from './signing-key-ring';

/**
 * Signs what the ledger hands out (digests, breach summaries, checkpoints) with its Ed25519
 * key: a detached signature over the value's canonical JSON, or over raw bytes (signed notes),
 * so anyone holding the public key can check it. Follows a key ring's current key when made
 * from one, so a rotation applies without a restart.
 */
export class LedgerSigner {
  private readonly source: () => KeyObject;
  private cached?: { privateKey: KeyObject; publicKey: PublicSigningKey };

  constructor(privateKey: KeyObject | (() => KeyObject)) {
    this.source = typeof privateKey === 'function' ? privateKey : () => privateKey;
  }

  /** The signer whose key is in `keyFile` (signing.key in the data directory), created on first use. */
  static fromKeyFile(keyFile: string): LedgerSigner {
    return new LedgerSigner(loadSigningKey(keyFile));
  }

  /** The signer that signs with whichever key of the ring is current. */
  static fromKeyRing(ring: SigningKeyRing): LedgerSigner {
    return new LedgerSigner(() => ring.current().privateKey);
  }

  /** The current key, with its public half worked out once per key. */
  private key(): { privateKey: KeyObject; publicKey: PublicSigningKey } {
    const privateKey = this.source();
    if (this.cached?.privateKey !== privateKey) this.cached = { privateKey, publicKey: new PublicSigningKey(createPublicKey(privateKey)) };
    return this.cached;
  }

  get publicKey(): PublicSigningKey {
    return this.key().publicKey;
  }

  get keyId(): string {
    return this.publicKey.keyId;
  }

  sign(value: unknown): Signature {
    const { privateKey, publicKey } = this.key();
    const bytes = sign(null, Buffer.from(canonicalJson(value)), privateKey);
    return { algorithm: 'Ed25519', keyId: publicKey.keyId, value: bytes.toString('base64') };
  }

  /** The current key, held for signing raw bytes (a signed note's text) with the public key known first. */
  currentKey(): { publicKey: PublicSigningKey; signBytes(message: Buffer): Buffer } {
    const { privateKey, publicKey } = this.key();
    return { publicKey, signBytes: (message) => sign(null, message, privateKey) };
  }

  check(value: unknown, signature: Signature): SignatureVerdict {
    return this.publicKey.check(value, signature);
  }
}

/** Nest injection token for the ledger's LedgerSigner. */
export const LEDGER_SIGNER = Symbol('LEDGER_SIGNER');
