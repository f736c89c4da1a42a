import { Inject, Injectable } from '@nestjs/common';
import { LogTreeReader, checkpointText, noteKeyId, signNote } from '@ledger/transparency';
import { LEDGER_SIGNER, LedgerSigner } from '@ledger/vault';
import { CHECKPOINT_ORIGIN, LOG_TREE } from './log-tree.tokens';

/** A checkpoint as the ledger hands it out: its fields and the C2SP signed note that states them. */
export interface SignedCheckpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Buffer;
  /** The signed note (C2SP tlog-checkpoint), as served by GET /v1/ledger/checkpoint. */
  readonly note: string;
}

/**
 * Signs checkpoints of the log tree with the ledger's current key, the note's key name being the
 * origin. Ed25519 is deterministic: the same tree size under the same key always gives the same
 * note, byte for byte.
 */
@Injectable()
export class LogCheckpoints {
  constructor(
    @Inject(LOG_TREE) private readonly tree: LogTreeReader,
    @Inject(LEDGER_SIGNER) private readonly signer: LedgerSigner,
    @Inject(CHECKPOINT_ORIGIN) readonly origin: string,
  ) {}

  /** The checkpoint of the tree's first `size` leaves (by default all of them). */
  signed(size = this.tree.size()): SignedCheckpoint {
    const rootHash = this.tree.root(size);
    const key = this.signer.currentKey();
    const note = signNote(checkpointText({ origin: this.origin, size, rootHash }), [
      { name: this.origin, keyId: noteKeyId(this.origin, key.publicKey.raw), sign: key.signBytes },
    ]);
    return { origin: this.origin, size, rootHash, note };
  }
}
