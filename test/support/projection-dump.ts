import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ErasureStates, allProjections } from '@ledger/projections';

/** Every row of every projection table (the erasure process's state too), sorted: two equal dumps are two equal read models. */
export function dumpProjections(dataDir: string): Record<string, unknown[]> {
  const db = new Database(join(dataDir, 'projections.db'), { readonly: true });
  try {
    const dump: Record<string, unknown[]> = {};
    const tables = [...allProjections({ accountRetentionMonths: 24 }).flatMap((p) => p.tables), ...ErasureStates.TABLES];
    for (const table of tables) {
      const rows = db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
      dump[table] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return dump;
  } finally {
    db.close();
  }
}
