import { EventStoreDBClient } from '@eventstore/db-client';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

export interface EventStoreDbStoreConfig {
  /** For example esdb://localhost:2113?tls=false, or esdb+discover://node1:2113,node2:2113?nodePreference=leader for a cluster. */
  connectionString: string;
  /** The ledger clock, for recordedAt. */
  now?: () => Date;
  onSubscriptionError?: (error: unknown) => void;
}

/** The EventStoreDB event store for a connection string; close() disposes of the client it creates. */
export function createEventStoreDbStore({ connectionString, now, onSubscriptionError }: EventStoreDbStoreConfig): EventStoreDbEventStore {
  return new EventStoreDbEventStore({ client: EventStoreDBClient.connectionString(connectionString), now, onSubscriptionError });
}
