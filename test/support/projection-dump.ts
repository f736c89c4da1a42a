import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ErasureStates, allProjections } from '@ledger/projections';

/**
 * Every row of every projection table (the erasure process's state too), sorted: two equal
 * dumps are two equal read models. With `canonical`, JSON held in a column is compared by
 * meaning, its keys sorted: a profile read back from its row after a restart and folded on
 * gains its keys in another order than one kept in memory throughout.
 */
export function dumpProjections(dataDir: string, options: { canonical?: boolean } = {}): Record<string, unknown[]> {
  const db = new Database(join(dataDir, 'projections.db'), { readonly: true });
  try {
    const dump: Record<string, unknown[]> = {};
    const tables = [...allProjections({ accountRetentionMonths: 24 }).flatMap((p) => p.tables), ...ErasureStates.TABLES];
    for (const table of tables) {
      const rows = db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
      dump[table] = rows.map((r) => (options.canonical ? canonical(r) : JSON.stringify(r))).sort();
    }
    return dump;
  } finally {
    db.close();
  }
}

/** A row as text whatever the order of keys in it and in the JSON its columns hold. */
function canonical(row: Record<string, unknown>): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
      );
    if (typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        return { json: sorted(JSON.parse(value)) };
      } catch {
        return value;
      }
    }
    return value;
  };
  return JSON.stringify(sorted(row));
}
