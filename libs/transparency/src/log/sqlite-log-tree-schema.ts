import type Database from 'better-sqlite3';

/** The tables of the log tree, in the order to drop them. */
export const LOG_TREE_TABLES = ['log_tree_event_ids', 'log_tree_leaves'] as const;

/**
 * One row per leaf, appended at the end of one B-tree: the leaf's hash followed by the hashes of
 * the perfect subtrees its append completed (one per trailing 1 bit of its index: on average
 * one), and where its event is in the log. Where the event store cannot find an event by id
 * itself, `log_tree_event_ids` maps ids to leaves.
 */
export function createLogTreeTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS log_tree_leaves (
      leaf_index INTEGER PRIMARY KEY, hashes BLOB NOT NULL, commit_position INTEGER NOT NULL, prepare_position INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS log_tree_event_ids (
      event_id TEXT PRIMARY KEY, leaf_index INTEGER NOT NULL, event_hash BLOB NOT NULL
    ) WITHOUT ROWID;
  `);
}

/** The leaf whose append completed the perfect subtree (level, index): its last leaf. */
export const completingLeaf = (level: number, index: number): number => (index + 1) * 2 ** level - 1;
