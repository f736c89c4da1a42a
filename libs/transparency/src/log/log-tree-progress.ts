/**
 * How far the log tree has folded the log in, and a way to wait for it: what checkpoints,
 * proofs and receipts need for read-your-writes (`?minPosition=`). Kept by whichever follower
 * maintains the tree (a worker thread on the embedded store, a ProjectionRunner elsewhere).
 */
export interface LogTreeProgress {
  start(): void;
  stop(): Promise<void>;
  /** Whether the tree includes every event of the log up to commit position `commit`. */
  reached(commit: number): boolean;
  /** Resolves true once it does, false after `timeoutMs`. */
  waitFor(commit: number, timeoutMs: number): Promise<boolean>;
}
