import type { KeyVault } from '../key-vault';

/** Where a rewrapping pass stands: the last key it looked at, in primary-key order. */
export interface RewrapCursor {
  readonly subjectId: string;
  readonly keyGroup: string;
}

export interface RewrapBatch {
  /** Keys (and vault secrets) rewrapped by this batch. */
  readonly rewrapped: number;
  /** Where the next batch starts; null when the pass has looked at every key. */
  readonly next: RewrapCursor | null;
}

/**
 * What a vault store offers a master-key rotation (libs/vault/src/rotation/rotate-master-key.ts).
 * Every wrapped key records the id of the master key that wraps it, so a rotation can stop at
 * any point and every key is still readable, under the old master key or the new one.
 */
export interface MasterKeyRotationStore {
  /** The master key new data keys are wrapped with. */
  wrappingKeyId(): Promise<string>;
  /**
   * From now on new data keys are wrapped with `keyId` (the ring must hold it). Returns once
   * every write that was making keys under the previous one has committed, so a pass that
   * starts afterwards sees them.
   */
  wrapWith(keyId: string): Promise<void>;
  /** Rewraps, after `after`, up to `limit` keys wrapped by a master key other than `keyId`; the vault's own secrets with the first batch. */
  rewrapBatch(keyId: string, limit: number, after: RewrapCursor | null): Promise<RewrapBatch>;
  /** How many keys (and secrets) each master key wraps. */
  wrappedBy(): Promise<Record<string, number>>;
}

export type RotatableKeyVault = KeyVault & MasterKeyRotationStore;

/** The secrets a vault keeps wrapped beside the data keys, derived once from the master key it first had. */
export const VAULT_SECRETS = ['blind-index', 'event-id'] as const;
export type VaultSecret = (typeof VAULT_SECRETS)[number];
export const secretAad = (purpose: VaultSecret): string => `vault-secret/${purpose}`;
