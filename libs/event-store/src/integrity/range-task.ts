import type { RangeResult } from './range-checker';

/** What a verify worker thread is asked to check: positions [from, to] of a SQLite ledger file. */
export interface RangeTask {
  readonly file: string;
  readonly from: number;
  readonly to: number;
  readonly maxProblems: number;
}

/** What it sends back: progress (rows read since the last message), then its result. */
export type RangeMessage = { readonly rows: number } | { readonly result: RangeResult };
