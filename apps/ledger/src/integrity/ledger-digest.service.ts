import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Clock } from '@ledger/domain';
import { DigestBases, EVENT_STORE, EventStore, ledgerDigestOf } from '@ledger/event-store';
import { LEDGER_SIGNER, LedgerSigner } from '@ledger/vault';
import { InvalidInputException } from '../common/invalid-input.exception';
import { CLOCK } from '../infrastructure/clock';
import { DIGEST_BASES } from './digest-bases.factory';

/** A signed digest of one position, as the JSON bodies GET /v1/ledger/digest sends (UTF-8). */
interface ServedDigest {
  withHeads: Buffer;
  compact: Buffer;
}

/** Positions whose digests are kept: the newest few, each up to ~15 MB of heads at 100,000 streams. */
const CACHED_POSITIONS = 3;

/**
 * Signed digests of the ledger: the Merkle root of every stream head at a position. The log up
 * to a position never changes, so each position's digest is computed once (off the request
 * thread, see DigestBases), signed, and kept as the JSON it is sent as; requests for a position
 * being computed wait for that computation. Its issuedAt is when it was first computed.
 */
@Injectable()
export class LedgerDigestService implements OnApplicationShutdown {
  private readonly digests = new Map<number, Promise<ServedDigest>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DIGEST_BASES) private readonly bases: DigestBases,
    @Inject(LEDGER_SIGNER) private readonly signer: LedgerSigner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The JSON body (UTF-8) of the digest at `position` (by default the newest), with the heads behind its root unless `withHeads` is false. */
  async digest(position: number | undefined, withHeads: boolean): Promise<Buffer> {
    const newest = (await this.store.headPosition())?.commit ?? 0;
    if (position !== undefined && position > newest) {
      throw new InvalidInputException([{ path: 'position', message: `is beyond the newest position of the ledger (${newest})` }]);
    }
    const served = await this.at(position ?? newest);
    return withHeads ? served.withHeads : served.compact;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bases.close();
  }

  private at(position: number): Promise<ServedDigest> {
    let served = this.digests.get(position);
    if (served) {
      // The most recently asked-for positions stay.
      this.digests.delete(position);
    } else {
      served = this.compute(position);
      served.catch(() => this.digests.delete(position));
    }
    this.digests.set(position, served);
    for (const oldest of this.digests.keys()) {
      if (this.digests.size <= CACHED_POSITIONS) break;
      this.digests.delete(oldest);
    }
    return served;
  }

  private async compute(position: number): Promise<ServedDigest> {
    const basis = await this.bases.basisAt(position);
    const digest = ledgerDigestOf(basis, this.clock.now().toISOString());
    // The bytes JSON.stringify of {digest, signature, heads} gives, without parsing the heads again.
    const signed = `{"digest":${JSON.stringify(digest)},"signature":${JSON.stringify(this.signer.sign(digest))}`;
    return {
      withHeads: Buffer.concat([Buffer.from(`${signed},"heads":`), basis.headsJson, Buffer.from('}')]),
      compact: Buffer.from(`${signed}}`),
    };
  }
}
