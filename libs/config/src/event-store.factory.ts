import type { Clock } from '@ledger/domain';
import { EventStore, PostgresEventStore, SqliteEventStore, createEventStoreDbStore } from '@ledger/event-store';
import { createPgPool } from '@ledger/postgres';
import type { Pool } from 'pg';
import { dataFile } from './data-files';
import type { LedgerConfig } from './ledger-config';

/** Where a store's warnings go: the server's logger, or the CLI's standard error. `source` names the store. */
export type EventStoreWarn = (source: 'EventStoreDB' | 'PostgreSQL', message: string) => void;

const warnOnStderr: EventStoreWarn = (source, message) => process.stderr.write(`${source}: ${message}\n`);

/**
 * The configured event store (LEDGER_EVENT_STORE): embedded SQLite by default, EventStoreDB or
 * PostgreSQL in production. On PostgreSQL it uses the process's pool when given one (the
 * server's, migrated at start); else it opens a pool of its own and ends it on close.
 */
/** What the embedded store tells the server about its commits (metrics); the other stores ignore it. */
export interface EventStoreHooks {
  onCommit?: (events: number, seconds: number) => void;
  /** What must be durable before each commit (the key vault's new keys): see SqliteEventStoreOptions. */
  beforeCommit?: () => Promise<void> | undefined;
}

export function createEventStore(
  config: LedgerConfig,
  clock: Clock,
  pool?: Pool | null,
  warn: EventStoreWarn = warnOnStderr,
  hooks: EventStoreHooks = {},
): EventStore {
  const now = () => clock.now();
  switch (config.eventStore) {
    case 'sqlite':
      return new SqliteEventStore({ file: dataFile(config, 'events.db'), now, onCommit: hooks.onCommit, beforeCommit: hooks.beforeCommit });
    case 'eventstoredb': {
      return createEventStoreDbStore({
        connectionString: config.eventStoreConnectionString!,
        now,
        onSubscriptionError: (error) => warn('EventStoreDB', `subscription to $all failed and will resume: ${(error as Error).message}`),
      });
    }
    case 'postgres': {
      return new PostgresEventStore({
        pool: pool ?? createPgPool({ connectionString: config.database!.url, max: config.database!.poolSize }),
        endPoolOnClose: !pool,
        now,
        onListenError: (error) => warn('PostgreSQL', `the LISTEN connection failed and will reconnect (followers poll meanwhile): ${(error as Error).message}`),
      });
    }
  }
}
