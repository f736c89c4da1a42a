import { Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { LogTreeMismatchError, LogTreeReader } from '@ledger/transparency';
import { InvalidInputException } from '../../common/invalid-input.exception';
import { LogCheckpoints } from './log-checkpoints.service';
import { LOG_TREE } from './log-tree.tokens';

/** GET /v1/ledger/proofs/inclusion: an event's leaf and audit path, with the checkpoint they lead to. */
export interface InclusionProofView {
  eventId: string;
  leafIndex: number;
  treeSize: number;
  /** Base64 RFC 9162 leaf hash of `<eventId>\n<eventHash>`. */
  leafHash: string;
  /** Base64, from the leaf's sibling up (RFC 9162 §2.1.3). */
  hashes: string[];
  /** The signed checkpoint of `treeSize`. */
  checkpoint: string;
  /** The event's chain hash (hex), from which its leaf is built. */
  eventHash: string;
}

/** GET /v1/ledger/proofs/consistency: that the tree of `fromSize` leaves is a prefix of the tree of `toSize`. */
export interface ConsistencyProofView {
  fromSize: number;
  toSize: number;
  /** Base64 (RFC 9162 §2.1.4). */
  hashes: string[];
  /** The signed checkpoint of `toSize`. */
  checkpoint: string;
}

const b64 = (hashes: readonly Buffer[]) => hashes.map((h) => h.toString('base64'));

/** Inclusion and consistency proofs of the log tree, each with the signed checkpoint it leads to. */
@Injectable()
export class LogProofs {
  constructor(
    @Inject(LOG_TREE) private readonly tree: LogTreeReader,
    private readonly checkpoints: LogCheckpoints,
  ) {}

  inclusion(eventId: string, treeSize?: number): InclusionProofView {
    const size = this.tree.size();
    const leaf = this.leafOf(eventId, size);
    const at = treeSize ?? size;
    if (at > size) throw new InvalidInputException([{ path: 'treeSize', message: `is beyond the size of the log tree (${size})` }]);
    if (at <= leaf.leafIndex) {
      throw new InvalidInputException([
        {
          path: 'treeSize',
          message: `must be more than the event's leaf index ${leaf.leafIndex}: the event entered the tree when it grew to ${leaf.leafIndex + 1}`,
        },
      ]);
    }
    return {
      eventId,
      leafIndex: leaf.leafIndex,
      treeSize: at,
      leafHash: leaf.leafHash.toString('base64'),
      hashes: b64(this.tree.inclusionProof(leaf.leafIndex, at)),
      checkpoint: this.checkpoints.signed(at).note,
      eventHash: leaf.eventHash,
    };
  }

  consistency(from?: number, to?: number): ConsistencyProofView {
    const size = this.tree.size();
    const toSize = to ?? size;
    const fromSize = from ?? toSize;
    const problems = [];
    if (toSize > size) problems.push({ path: 'to', message: `is beyond the size of the log tree (${size})` });
    if (fromSize < 1) problems.push({ path: 'from', message: 'must be at least 1: every tree extends the empty one, there is nothing to prove' });
    if (fromSize > toSize) problems.push({ path: 'from', message: `must not be more than to (${toSize})` });
    if (problems.length) throw new InvalidInputException(problems);
    return { fromSize, toSize, hashes: b64(this.tree.consistencyProof(fromSize, toSize)), checkpoint: this.checkpoints.signed(toSize).note };
  }

  /** The event's leaf; 404 for an event the tree does not (yet) hold. */
  leafOf(eventId: string, size = this.tree.size()) {
    let leaf;
    try {
      leaf = this.tree.leafOf(eventId);
    } catch (error) {
      if (error instanceof LogTreeMismatchError) throw new ServiceUnavailableException(error.message);
      throw error;
    }
    if (!leaf) {
      throw new NotFoundException(
        `event ${eventId} is not in the log tree (${size} events); an event just recorded joins it within milliseconds: pass ?minPosition= with the position its append returned`,
      );
    }
    return leaf;
  }
}
