/**
 * A detached Ed25519 signature over the canonical JSON of a value, the form in which the ledger
 * signs what it hands out (digests, breach summaries). Defined beside canonical JSON so that
 * checking needs no access to the signing key; the signer lives in @ledger/vault.
 */
export interface Signature {
  readonly algorithm: 'Ed25519';
  /** Hex SHA-256 of the raw 32-byte public key. */
  readonly keyId: string;
  /** Base64 of the 64-byte signature. */
  readonly value: string;
}

export type SignatureVerdict = { readonly valid: true } | { readonly valid: false; readonly reason: string };

/** Checks a signature over a value's canonical JSON, and says why it fails. */
export type SignatureCheck = (value: unknown, signature: Signature) => SignatureVerdict;
