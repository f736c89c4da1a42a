import type { Clock } from '@ledger/domain';
import { EventStore, SqliteEventStore } from '@ledger/event-store';
import { join } from 'node:path';
import type { LedgerConfig } from '../config/ledger-config';

/** The configured event store: embedded SQLite by default (LEDGER_EVENT_STORE). */
export function createEventStore(config: LedgerConfig, clock: Clock): EventStore {
  switch (config.eventStore) {
    case 'sqlite':
      return new SqliteEventStore({ file: join(config.dataDir, 'events.db'), now: () => clock.now() });
    case 'eventstoredb':
      throw new Error('LEDGER_EVENT_STORE=eventstoredb: adapter not wired yet');
  }
}
