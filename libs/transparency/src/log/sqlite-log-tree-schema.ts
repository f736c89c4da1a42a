import type Database from 'better-sqlite3';
import { storedHashCount } from '../merkle/stored-hash-index';

/** The tables of the log tree, in the order to drop them. */
export const LOG_TREE_TABLES = ['log_tree_event_ids', 'log_tree_hashes'] as const;

/**
 * Every perfect subtree's hash in one append-only sequence (see storedHashIndex: about two rows
 * per leaf, each appended at the end of the table); a leaf's row also says where its event is
 * in the log. Where the event store cannot find an event by id itself, `log_tree_event_ids`
 * maps ids to leaves.
 */
export function createLogTreeTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS log_tree_hashes (
      id INTEGER PRIMARY KEY, hash BLOB NOT NULL, commit_position INTEGER, prepare_position INTEGER
    );
    CREATE TABLE IF NOT EXISTS log_tree_event_ids (
      event_id TEXT PRIMARY KEY, leaf_index INTEGER NOT NULL, event_hash BLOB NOT NULL
    ) WITHOUT ROWID;
  `);
}

/** The tree size whose stored hashes end at `count` rows: the inverse of storedHashCount. */
export function sizeOfStoredHashes(count: number): number {
  let lo = 0;
  let hi = Math.max(1, count);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (storedHashCount(mid) <= count) lo = mid;
    else hi = mid - 1;
  }
  if (storedHashCount(lo) !== count) throw new Error(`the log tree's hash table is cut off: ${count} hashes is no whole tree`);
  return lo;
}
