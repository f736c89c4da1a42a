/** What the log tree's worker thread is given. */
export interface LogTreeWorkerData {
  readonly eventsFile: string;
  readonly treeFile: string;
  /** How long the worker sleeps when it found nothing new, unless woken. */
  readonly pollMs: number;
  readonly retryMs: number;
  /** [0]: wake-up counter, [1]: 1 once the worker must stop. */
  readonly signals: SharedArrayBuffer;
}

/** What it reports: each commit's position, or a failure it will retry. */
export type LogTreeWorkerMessage = { readonly position: number } | { readonly error: string };

export const WAKE = 0;
export const STOP = 1;
