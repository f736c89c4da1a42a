import type Database from 'better-sqlite3';
import type { LogPosition } from '@ledger/event-store';

/** Where an event is in the log, and its chain hash, by its id; undefined for an unknown id. */
export type EventLookup = (eventId: string) => { readonly position: LogPosition; readonly hash: string } | undefined;

/**
 * The embedded store's own index on event ids: the log tree needs no index of its own there
 * (one fewer random-key B-tree insert per event; see docs/verification.md).
 */
export function sqliteEventLookup(events: Database.Database): EventLookup {
  const byId = events.prepare('SELECT position, hash FROM events WHERE id = ?');
  return (eventId) => {
    const row = byId.get(eventId) as { position: number; hash: Buffer } | undefined;
    return row && { position: { commit: row.position, prepare: row.position }, hash: row.hash.toString('hex') };
  };
}
