import { Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { streamName } from '@ledger/domain';
import { EVENT_STORE, EventStore, RecordedEvent } from '@ledger/event-store';
import { ERASURE_RECEIPT_FORMAT, ErasureReceipt, LogTreeProgress, LogTreeReader, ReceiptEvent } from '@ledger/transparency';
import { READ_YOUR_WRITES_TIMEOUT_MS } from '../../projections/freshness.service';
import { LogCheckpoints } from './log-checkpoints.service';
import { LogProofs } from './log-proofs.service';
import { LOG_TREE, LOG_TREE_FOLLOWER } from './log-tree.tokens';

const stored = (e: RecordedEvent): ReceiptEvent => ({
  id: e.id,
  type: e.type,
  streamId: e.streamId,
  revision: e.revision,
  recordedAt: e.recordedAt,
  prevHash: e.prevHash,
  hash: e.hash,
  data: e.data,
  metadata: e.metadata,
});

/**
 * Erasure receipts: a subject's SubjectDataShredded events (PII-free by construction: key
 * groups, categories, reason, request id), each with its inclusion proof, and the signed
 * checkpoint they lead to.
 */
@Injectable()
export class ErasureReceipts {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOG_TREE) private readonly tree: LogTreeReader,
    @Inject(LOG_TREE_FOLLOWER) private readonly follower: LogTreeProgress,
    private readonly proofs: LogProofs,
    private readonly checkpoints: LogCheckpoints,
  ) {}

  async of(subjectId: string): Promise<ErasureReceipt> {
    const shreddings: RecordedEvent[] = [];
    let facts = 0;
    for await (const event of this.store.readStream(streamName('subject', subjectId))) {
      facts += 1;
      if (event.type === 'SubjectDataShredded') shreddings.push(event);
    }
    if (facts === 0) throw new NotFoundException(`no facts are recorded for subject ${subjectId}`);
    if (shreddings.length === 0)
      throw new NotFoundException(`nothing of subject ${subjectId} has been shredded yet: see GET /v1/subjects/${subjectId}/erasure`);
    const last = shreddings[shreddings.length - 1].position.commit;
    if (!(await this.follower.waitFor(last, READ_YOUR_WRITES_TIMEOUT_MS))) {
      throw new ServiceUnavailableException(`the log tree has not yet reached the subject's last shredding (position ${last}); retry`);
    }
    const checkpoint = this.checkpoints.signed();
    return {
      format: ERASURE_RECEIPT_FORMAT,
      subjectId,
      shredded: shreddings.map((event) => {
        const leaf = this.proofs.leafOf(event.id, checkpoint.size);
        return {
          event: stored(event),
          leafIndex: leaf.leafIndex,
          leafHash: leaf.leafHash.toString('base64'),
          hashes: this.tree.inclusionProof(leaf.leafIndex, checkpoint.size).map((h) => h.toString('base64')),
        };
      }),
      treeSize: checkpoint.size,
      checkpoint: checkpoint.note,
    };
  }
}
