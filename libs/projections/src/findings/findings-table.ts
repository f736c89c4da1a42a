import type Database from 'better-sqlite3';
import type { Finding } from '@ledger/domain';

/**
 * Materialised findings of one owner kind (subjects or breaches), replaced whole for an owner
 * whenever its facts change; `visible_from` lets a query ask for what is a finding at `now`.
 */
export class FindingsTable {
  private replaceOwner!: (owner: string, findings: readonly Finding[]) => void;

  constructor(readonly table: string) {}

  setup(db: Database.Database): void {
    db.exec(`CREATE TABLE IF NOT EXISTS ${this.table} (
      id TEXT PRIMARY KEY, owner TEXT NOT NULL, rule TEXT NOT NULL, status TEXT NOT NULL,
      due_at TEXT NOT NULL, visible_from TEXT NOT NULL, finding TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ${this.table}_owner ON ${this.table} (owner);
    CREATE INDEX IF NOT EXISTS ${this.table}_visible ON ${this.table} (visible_from);
    CREATE INDEX IF NOT EXISTS ${this.table}_due ON ${this.table} (due_at, id);
    -- Covers the overview's counts (status, rule, due date at the clock) without reading the findings.
    CREATE INDEX IF NOT EXISTS ${this.table}_summary ON ${this.table} (status, visible_from, rule, due_at);`);
    const remove = db.prepare(`DELETE FROM ${this.table} WHERE owner = ?`);
    const insert = db.prepare(`INSERT INTO ${this.table} (id, owner, rule, status, due_at, visible_from, finding) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.replaceOwner = (owner, findings) => {
      remove.run(owner);
      for (const f of findings) insert.run(f.id, owner, f.rule, f.status, f.dueAt, f.visibleFrom, JSON.stringify(f));
    };
  }

  replace(owner: string, findings: readonly Finding[]): void {
    this.replaceOwner(owner, findings);
  }
}
