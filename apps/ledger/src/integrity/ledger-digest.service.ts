import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@ledger/domain';
import { EVENT_STORE, EventStore, STREAM_HEADS, SignedDigest, StreamHeads, ledgerDigest } from '@ledger/event-store';
import { LEDGER_SIGNER, LedgerSigner } from '@ledger/vault';
import { InvalidInputException } from '../common/invalid-input.exception';
import { CLOCK } from '../infrastructure/clock';

/** Signed digests of the ledger: the Merkle root of every stream head at a position. */
@Injectable()
export class LedgerDigestService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(STREAM_HEADS) private readonly heads: StreamHeads,
    @Inject(LEDGER_SIGNER) private readonly signer: LedgerSigner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The digest at `position` (by default the newest), with the heads behind its root unless `withHeads` is false. */
  async digest(position: number | undefined, withHeads: boolean): Promise<SignedDigest> {
    const newest = (await this.store.headPosition())?.commit ?? 0;
    if (position !== undefined && position > newest) {
      throw new InvalidInputException([{ path: 'position', message: `is beyond the newest position of the ledger (${newest})` }]);
    }
    const at = position ?? newest;
    const heads = await this.heads.asOf(at);
    const digest = ledgerDigest(heads, at, this.clock.now().toISOString());
    return { digest, signature: this.signer.sign(digest), ...(withHeads ? { heads } : {}) };
  }
}
