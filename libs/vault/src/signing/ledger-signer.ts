import { canonicalJson } from '@ledger/event-store';
import type { Signature, SignatureVerdict } from '@ledger/event-store';
import { KeyObject, createPublicKey, sign } from 'node:crypto';
import { PublicSigningKey } from './public-signing-key';
import { loadSigningKey } from './signing-key-file';

/**
 * Signs what the ledger hands out (digests, breach summaries) with its Ed25519 key: a detached
 * signature over the value's canonical JSON, so anyone holding the public key can check it.
 */
export class LedgerSigner {
  readonly publicKey: PublicSigningKey;

  constructor(private readonly privateKey: KeyObject) {
    this.publicKey = new PublicSigningKey(createPublicKey(privateKey));
  }

  /** The signer whose key is in `keyFile` (signing.key in the data directory), created on first use. */
  static fromKeyFile(keyFile: string): LedgerSigner {
    return new LedgerSigner(loadSigningKey(keyFile));
  }

  get keyId(): string {
    return this.publicKey.keyId;
  }

  sign(value: unknown): Signature {
    const bytes = sign(null, Buffer.from(canonicalJson(value)), this.privateKey);
    return { algorithm: 'Ed25519', keyId: this.keyId, value: bytes.toString('base64') };
  }

  check(value: unknown, signature: Signature): SignatureVerdict {
    return this.publicKey.check(value, signature);
  }
}

/** Nest injection token for the ledger's LedgerSigner. */
export const LEDGER_SIGNER = Symbol('LEDGER_SIGNER');
