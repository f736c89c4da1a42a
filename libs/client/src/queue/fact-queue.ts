import type { FactRejection, LedgerError } from '../errors';

/** A fact waiting to be sent: its envelope as JSON, in the order it was recorded. */
export interface QueuedFact {
  /** Increases with every fact added, for the life of the queue (across restarts, for the outbox). */
  seq: number;
  id: string;
  body: string;
  bytes: number;
  /** Epoch milliseconds. */
  queuedAt: number;
}

export interface NewFact {
  id: string;
  body: string;
}

/**
 * Where facts wait between `record()` and the ledger's acknowledgement: in memory, or in the
 * durable outbox. One sender takes them in order; facts the ledger refuses are kept aside.
 */
export interface FactQueue {
  /** Survives the process. */
  readonly durable: boolean;
  /**
   * Adds facts after every fact already added, all or none; resolves once they are kept (on
   * disk, for the outbox). A fact whose id is already waiting is not added twice; with other
   * content it fails the call with FactIdConflictError.
   */
  add(facts: readonly NewFact[]): Promise<void>;
  size(): number;
  oldest(): QueuedFact | undefined;
  /** The seq of the last fact added (0 when none ever was). */
  lastSeq(): number;
  /** The oldest facts, at most `maxCount` and `maxBytes` (but at least one), without removing them. */
  take(maxCount: number, maxBytes: number): QueuedFact[];
  /** Removes acknowledged facts. */
  remove(facts: readonly QueuedFact[]): void;
  /** Removes refused facts and keeps them, with the ledger's answer, among the rejected. */
  reject(rejections: readonly { fact: QueuedFact; error: LedgerError }[]): FactRejection[];
  rejected(): FactRejection[];
  /** Drops rejected facts (all, or those named). */
  clearRejected(ids?: readonly string[]): number;
  /** Moves rejected facts (all, or those named) back to the end of the queue, to be sent again. */
  requeueRejected(ids?: readonly string[]): Promise<number>;
  close(): void;
}
