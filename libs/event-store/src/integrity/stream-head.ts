import { canonicalJson } from '../chain/canonical-json';

/** A stream's last event at some position of the log: what a digest commits to. */
export interface StreamHead {
  readonly stream: string;
  readonly revision: number;
  /** Hex SHA-256 of the event (its chain hash). */
  readonly hash: string;
}

/**
 * Stream ids in UTF-16 code-unit order: JavaScript's default string order, and the key order of
 * canonical JSON (RFC 8785), so any verifier can reproduce it without a collation table.
 */
export const compareStreamIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const sortHeads = (heads: readonly StreamHead[]): StreamHead[] => [...heads].sort((a, b) => compareStreamIds(a.stream, b.stream));

/** A head as a Merkle leaf: the canonical JSON of {hash, revision, stream}, UTF-8. */
export const headLeaf = (head: StreamHead): Buffer => Buffer.from(canonicalJson({ hash: head.hash, revision: head.revision, stream: head.stream }));
