import { headsRoot } from './ledger-digest';
import type { StreamHead } from './stream-head';
import type { StreamHeads } from './stream-heads';

/**
 * What a digest of a position is made from: the Merkle root of the stream heads, their number,
 * and the heads themselves as the UTF-8 JSON the digest endpoint sends. Kept as bytes because at
 * 100,000 streams (12 MB) turning them back into objects, or even into a string, on the server's
 * thread costs more than the rest of the request; a worker thread hands the bytes over without a copy.
 */
export interface DigestBasis {
  readonly position: number;
  readonly streams: number;
  readonly root: string;
  /** `[{"stream","revision","hash"}, …]` as UTF-8, sorted by stream id; its own ArrayBuffer, so it can be transferred. */
  readonly headsJson: Uint8Array;
}

export const digestBasis = (heads: readonly StreamHead[], position: number): DigestBasis => ({
  position,
  streams: heads.length,
  root: headsRoot(heads),
  headsJson: new TextEncoder().encode(JSON.stringify(heads.map(({ stream, revision, hash }) => ({ stream, revision, hash })))),
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
