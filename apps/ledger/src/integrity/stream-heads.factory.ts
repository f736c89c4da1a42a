import { EventStore, FoldedStreamHeads, SqliteEventStore, SqliteStreamHeads, StreamHeads } from '@ledger/event-store';

/** Stream heads the fastest way the configured store allows: SQL on the embedded store, a fold of the log elsewhere. */
export const streamHeadsFor = (store: EventStore): StreamHeads =>
  store instanceof SqliteEventStore ? new SqliteStreamHeads(store.database) : new FoldedStreamHeads(store);
