import type { StreamHead } from './stream-head';

/** Where digests learn the stream heads: the SQLite adapter asks the database, other stores fold the log. */
export interface StreamHeads {
  /**
   * Every stream's head as of a global position: for each stream with an event at or before
   * `position`, its highest revision there and that event's hash. Sorted by stream id.
   */
  asOf(position: number): Promise<StreamHead[]>;
}
