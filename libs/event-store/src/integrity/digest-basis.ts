import { headsRoot } from './ledger-digest';
import type { StreamHead } from './stream-head';
import type { StreamHeads } from './stream-heads';

/**
 * What a digest of a position is made from: the Merkle root of the stream heads, their number,
 * and the heads themselves as the JSON text the digest endpoint sends. Kept as text because at
 * 100,000 streams turning them back into objects (or copying them between threads as objects)
 * costs more than the digest itself.
 */
export interface DigestBasis {
  readonly position: number;
  readonly streams: number;
  readonly root: string;
  /** `[{"stream","revision","hash"}, …]`, sorted by stream id. */
  readonly headsJson: string;
}

export const digestBasis = (heads: readonly StreamHead[], position: number): DigestBasis => ({
  position,
  streams: heads.length,
  root: headsRoot(heads),
  headsJson: JSON.stringify(heads.map(({ stream, revision, hash }) => ({ stream, revision, hash }))),
});

/** Where digest bases come from: a worker thread on the embedded store, the event loop elsewhere. */
export interface DigestBases {
  basisAt(position: number): Promise<DigestBasis>;
  close(): Promise<void>;
}

/** Bases computed on the calling thread from any StreamHeads (EventStoreDB: heads come from reading the log, which is I/O anyway). */
export class InProcessDigestBases implements DigestBases {
  constructor(private readonly heads: StreamHeads) {}

  async basisAt(position: number): Promise<DigestBasis> {
    return digestBasis(await this.heads.asOf(position), position);
  }

  async close(): Promise<void> {}
}
