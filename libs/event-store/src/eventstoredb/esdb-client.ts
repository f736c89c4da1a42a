import type { EventStoreDBClient } from '@eventstore/db-client';

/** The part of the client the adapter uses; tests stand in for it without a server. */
export type EsdbClient = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;
