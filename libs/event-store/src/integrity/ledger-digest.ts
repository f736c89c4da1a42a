import { merkleRoot } from './merkle-tree';
import type { Signature } from './signature';
import { StreamHead, headLeaf, sortHeads } from './stream-head';

export const DIGEST_FORMAT = 'privacy-ledger/digest/v1';

/**
 * What a digest states, and what its signature covers (as canonical JSON): at this global
 * position the ledger held this many streams, whose heads have this Merkle root.
 */
export interface LedgerDigest {
  readonly format: typeof DIGEST_FORMAT;
  readonly position: number;
  readonly streams: number;
  /** Hex RFC 6962 Merkle root over the heads' leaves (see headLeaf), sorted by stream id. */
  readonly root: string;
  readonly issuedAt: string;
}

/** A digest as handed out: the statement, its signature, and (usually) the heads behind the root. */
export interface SignedDigest {
  readonly digest: LedgerDigest;
  readonly signature: Signature;
  /** Lets a later check name every stream that changed; without them it can only say that something did. */
  readonly heads?: readonly StreamHead[];
}

/** The Merkle root of a set of stream heads, in any order. */
export const headsRoot = (heads: readonly StreamHead[]): string => merkleRoot(sortHeads(heads).map(headLeaf)).toString('hex');

export function ledgerDigest(heads: readonly StreamHead[], position: number, issuedAt: string): LedgerDigest {
  return ledgerDigestOf({ position, streams: heads.length, root: headsRoot(heads) }, issuedAt);
}

/** The digest statement of a root already computed (see DigestBasis). */
export function ledgerDigestOf(basis: { position: number; streams: number; root: string }, issuedAt: string): LedgerDigest {
  return { format: DIGEST_FORMAT, position: basis.position, streams: basis.streams, root: basis.root, issuedAt };
}
