import type { ComplianceRules } from '@ledger/domain';
import type { ProjectionStatus } from '../runner/projection-runner';
import type { QuarantinedEvent } from '../runner/quarantine-store';
import type { ProjectionName } from '../projection-names';

/** What the read side's worker thread is given. */
export interface ReadSideWorkerData {
  readonly eventsFile: string;
  readonly projectionsFile: string;
  readonly accountRetentionMonths: number;
  readonly rules?: ComplianceRules;
  /** How often the worker looks for new events when not woken. */
  readonly pollMs: number;
  readonly retryMs: number;
  readonly batchSize?: number;
}

/** From the request thread to the worker. */
export type ToReadSideWorker =
  /** Start folding (the worker prepares the tables as soon as it runs, and reports, but folds only once told). */
  | { readonly kind: 'start' }
  /** Look for new events now (an append, or a reader waiting for a position). */
  | { readonly kind: 'wake' }
  /** A shredding the worker asked for is done. */
  | { readonly kind: 'shredded'; readonly request: number }
  | { readonly kind: 'stop' };

/** From the worker to the request thread. */
export type FromReadSideWorker =
  | { readonly kind: 'status'; readonly status: ProjectionStatus<ProjectionName>[] }
  /** The erasure process asks the ledger to shred what is due for a subject (it appends the proof). */
  | { readonly kind: 'shred'; readonly request: number; readonly subjectId: string }
  /** A projection failed and retries (ProjectionRunnerOptions.onError). */
  | { readonly kind: 'error'; readonly projection: string; readonly message: string }
  /** A projection set an event aside (ProjectionRunnerOptions.onQuarantine). */
  | { readonly kind: 'quarantine'; readonly projection: string; readonly event: QuarantinedEvent }
  | { readonly kind: 'stopped' };
