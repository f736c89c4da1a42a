import { chmodSync, closeSync, fchmodSync, fstatSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Owner only: the ledger's data directory holds personal data (sealed or not), keys and credentials. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const loose = (mode: number, wanted: number) => (mode & 0o777) !== wanted;

/**
 * A directory the ledger keeps its files in, readable by its owner only: created 0700 (with any
 * missing parents), or tightened to 0700 when it exists with more. Only for the ledger's own
 * directory, never for a shared parent such as /tmp.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (loose(statSync(dir).mode, PRIVATE_DIR_MODE)) chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * A file of the ledger, readable by its owner only: created 0600, or tightened to 0600 when it
 * exists with more. The mode is set with fchmod, so neither the umask nor an older version of
 * the ledger that created it 0644 matters. Missing parent directories are created 0700.
 */
export function ensurePrivateFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  const fd = openSync(file, 'a', PRIVATE_FILE_MODE);
  try {
    if (loose(fstatSync(fd).mode, PRIVATE_FILE_MODE)) fchmodSync(fd, PRIVATE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
}

/**
 * A SQLite database file and the journal files beside it. SQLite creates `-wal` and `-shm` with
 * the database file's mode, so a 0600 database keeps them 0600; ones left by an older version
 * are tightened too.
 */
export function ensurePrivateDatabase(file: string): void {
  ensurePrivateFile(file);
  for (const journal of [`${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      if (loose(statSync(journal).mode, PRIVATE_FILE_MODE)) chmodSync(journal, PRIVATE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
