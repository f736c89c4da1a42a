import type { ProjectionStatus } from './projection-runner';

/**
 * The read side as the rest of the ledger sees it: where each projection stands, and a way to
 * wait for a position (read-your-writes). Kept by a ProjectionRunner in this thread, or by one
 * in a worker thread (WorkerReadSide) that reports to this one.
 */
export abstract class ReadSide<Name extends string = string> {
  abstract get names(): Name[];
  abstract start(): void;
  abstract stop(): Promise<void>;
  abstract status(): ProjectionStatus<Name>[];
  /** Whether every named projection has applied the log up to `commit`. */
  abstract reached(names: readonly Name[], commit: number): boolean;
  /** Resolves true once every named projection has applied the log up to `commit`, false after `timeoutMs`. */
  abstract waitFor(names: readonly Name[], commit: number, timeoutMs: number): Promise<boolean>;
}
