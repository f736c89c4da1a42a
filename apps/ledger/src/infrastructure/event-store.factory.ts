import { Logger } from '@nestjs/common';
import type { Clock } from '@ledger/domain';
import { EventStore, SqliteEventStore, createEventStoreDbStore } from '@ledger/event-store';
import { dataFile } from '../config/data-files';
import type { LedgerConfig } from '../config/ledger-config';

/** The configured event store: embedded SQLite by default, EventStoreDB in production (LEDGER_EVENT_STORE). */
export function createEventStore(config: LedgerConfig, clock: Clock): EventStore {
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
  }
}
