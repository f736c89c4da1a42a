import type { SigningKeyRing } from '@ledger/vault';
import type { LedgerConfig } from '@ledger/config';

/**
 * The log's name in its checkpoints: LEDGER_CHECKPOINT_ORIGIN, or one derived from the
 * ledger's first signing key, which stays the same through key rotations.
 */
export const checkpointOrigin = (config: LedgerConfig, ring: SigningKeyRing): string =>
  config.checkpointOrigin ?? `privacy-ledger/${ring.entries()[0].keyId.slice(0, 16)}`;
