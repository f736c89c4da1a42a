import { EventStore, FoldedStreamHeads, PostgresEventStore, PostgresStreamHeads, SqliteEventStore, SqliteStreamHeads, StreamHeads } from '@ledger/event-store';

/** Stream heads the fastest way the configured store allows: SQL on the embedded store and PostgreSQL, a fold of the log elsewhere. */
export const streamHeadsFor = (store: EventStore): StreamHeads =>
  store instanceof SqliteEventStore
    ? new SqliteStreamHeads(store.database)
    : store instanceof PostgresEventStore
      ? new PostgresStreamHeads(store.pool)
      : new FoldedStreamHeads(store);
