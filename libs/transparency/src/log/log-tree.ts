/** An event's place in the log tree. */
export interface LogLeaf {
  readonly eventId: string;
  readonly leafIndex: number;
  /** The event's chain hash (hex), from which its leaf is built. */
  readonly eventHash: string;
  /** RFC 9162 leaf hash. */
  readonly leafHash: Buffer;
}

/**
 * The read side of the log tree: what checkpoints and proofs are served from. Kept this small
 * so that it can move off the request thread (to a worker with its own connection) unchanged.
 * Sizes and indexes are leaf counts; every answer is about a tree that includes no uncommitted
 * leaf.
 */
export interface LogTreeReader {
  /** Leaves in the tree now: events of the log folded into it so far. */
  size(): number;
  /** The event's leaf, or undefined when the event is not (yet) in the tree. */
  leafOf(eventId: string): LogLeaf | undefined;
  /** RFC 9162 root of the tree's first `size` leaves (size ≤ size()). */
  root(size: number): Buffer;
  inclusionProof(leafIndex: number, size: number): Buffer[];
  consistencyProof(size1: number, size2: number): Buffer[];
}

/** The log tree does not hold at a leaf what the log holds for its event: edited or damaged since. */
export class LogTreeMismatchError extends Error {
  constructor(
    readonly leafIndex: number,
    readonly eventId: string,
  ) {
    super(
      `the log tree's leaf ${leafIndex} is not event ${eventId} as the log holds it now: the log or the tree was changed; run \`ledger verify\`, then rebuild the tree`,
    );
    this.name = 'LogTreeMismatchError';
  }
}

/** The write side: appends events in log order, each as the next leaf. */
export interface LogTreeWriter {
  readonly size: number;
  append(events: readonly { readonly id: string; readonly hash: string; readonly position: { commit: number; prepare: number } }[]): void;
  /** Forgets what the last appends left in memory after their transaction rolled back. */
  reload(): void;
}
