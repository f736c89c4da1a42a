import Database from 'better-sqlite3';
import { ensurePrivateDatabase } from '../util/private-files';

export interface SqliteTuning {
  /** Page cache in MiB. */
  cacheMiB?: number;
  readonly?: boolean;
  /** FULL (default) for files whose commits are acknowledged; NORMAL for rebuildable ones. */
  synchronous?: 'FULL' | 'NORMAL';
}

/**
 * Opens a SQLite file the way every ledger database wants it: WAL so readers never block
 * the writer, synchronous=FULL so an acknowledged commit survives power loss; opened to write,
 * the file (and its journals) is the owner's only (0600, in a directory created 0700).
 */
export function openSqlite(file: string, tuning: SqliteTuning = {}): Database.Database {
  if (!tuning.readonly) ensurePrivateDatabase(file);
  const db = new Database(file, { readonly: tuning.readonly ?? false, fileMustExist: tuning.readonly ?? false });
  db.pragma('busy_timeout = 10000');
  if (!tuning.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${tuning.synchronous ?? 'FULL'}`);
  }
  db.pragma(`cache_size = ${-1024 * (tuning.cacheMiB ?? 64)}`);
  return db;
}
