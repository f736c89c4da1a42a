import type Database from 'better-sqlite3';
import type { LogPosition } from '@ledger/event-store';

export interface StoredCheckpoint {
  version: number;
  position: LogPosition | null;
}

/** Where each projection has read the log up to, stored beside its state (same database, same transaction). */
export class CheckpointStore {
  private readonly get: Database.Statement;
  private readonly put: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
      name TEXT PRIMARY KEY, version INTEGER NOT NULL, commit_position INTEGER, prepare_position INTEGER
    ) WITHOUT ROWID`);
    this.get = db.prepare('SELECT version, commit_position, prepare_position FROM projection_checkpoints WHERE name = ?');
    this.put = db.prepare(
      `INSERT INTO projection_checkpoints (name, version, commit_position, prepare_position) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, commit_position = excluded.commit_position, prepare_position = excluded.prepare_position`,
    );
    this.remove = db.prepare('DELETE FROM projection_checkpoints WHERE name = ?');
  }

  load(name: string): StoredCheckpoint | undefined {
    const row = this.get.get(name) as { version: number; commit_position: number | null; prepare_position: number | null } | undefined;
    if (!row) return undefined;
    return {
      version: row.version,
      position: row.commit_position === null ? null : { commit: row.commit_position, prepare: row.prepare_position! },
    };
  }

  save(name: string, version: number, position: LogPosition | null): void {
    this.put.run(name, version, position?.commit ?? null, position?.prepare ?? null);
  }

  clear(name: string): void {
    this.remove.run(name);
  }
}
