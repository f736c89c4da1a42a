import {
  DigestBases,
  EventStore,
  FoldedStreamHeads,
  InProcessDigestBases,
  PostgresEventStore,
  PostgresStreamHeads,
  SqliteDigestBases,
  SqliteEventStore,
} from '@ledger/event-store';
import { dataFile, type LedgerConfig } from '@ledger/config';

/** Nest injection token for the DigestBases of the configured store. */
export const DIGEST_BASES = Symbol('DIGEST_BASES');

/**
 * Where digests are computed: in a worker thread on its own connection to events.db for the
 * embedded store, so the server's thread stays free; by one SQL query on PostgreSQL (the
 * database does the work); from a fold of the log on other stores.
 */
export const digestBasesFor = (config: LedgerConfig, store: EventStore): DigestBases =>
  store instanceof SqliteEventStore
    ? new SqliteDigestBases(dataFile(config, 'events.db'))
    : new InProcessDigestBases(store instanceof PostgresEventStore ? new PostgresStreamHeads(store.pool) : new FoldedStreamHeads(store));
