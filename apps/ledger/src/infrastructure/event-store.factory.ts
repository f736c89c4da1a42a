import { Logger } from '@nestjs/common';
import type { Clock } from '@ledger/domain';
import { EventStore, PostgresEventStore, SqliteEventStore, createEventStoreDbStore } from '@ledger/event-store';
import { createPgPool } from '@ledger/postgres';
import type { Pool } from 'pg';
import { dataFile } from '../config/data-files';
import type { LedgerConfig } from '../config/ledger-config';

/**
 * The configured event store (LEDGER_EVENT_STORE): embedded SQLite by default, EventStoreDB or
 * PostgreSQL in production. On PostgreSQL it uses the process's pool when given one (the
 * server's, migrated at start); else it opens a pool of its own and ends it on close.
 */
export function createEventStore(config: LedgerConfig, clock: Clock, pool?: Pool | null): EventStore {
  const now = () => clock.now();
  switch (config.eventStore) {
    case 'sqlite':
      return new SqliteEventStore({ file: dataFile(config, 'events.db'), now });
    case 'eventstoredb': {
      const logger = new Logger('EventStoreDB');
      return createEventStoreDbStore({
        connectionString: config.eventStoreConnectionString!,
        now,
        onSubscriptionError: (error) => logger.warn(`subscription to $all failed and will resume: ${(error as Error).message}`),
      });
    }
    case 'postgres': {
      const logger = new Logger('PostgreSQL');
      return new PostgresEventStore({
        pool: pool ?? createPgPool({ connectionString: config.database!.url, max: config.database!.poolSize }),
        endPoolOnClose: !pool,
        now,
        onListenError: (error) => logger.warn(`the LISTEN connection failed and will reconnect (followers poll meanwhile): ${(error as Error).message}`),
      });
    }
  }
}
