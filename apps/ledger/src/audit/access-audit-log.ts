import type Database from 'better-sqlite3';
import { GroupCommit, openSqlite } from '@ledger/event-store';
import type { RecordedSubjectRead, SubjectRead, SubjectReadFilter } from './subject-read';

/** The access audit log has its own file, so it can be kept and backed up on its own terms. */

const TABLE = `
CREATE TABLE IF NOT EXISTS subject_reads (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at         TEXT NOT NULL,
  key_id     TEXT NOT NULL,
  key_name   TEXT NOT NULL,
  role       TEXT NOT NULL,
  subject_id TEXT,
  system     TEXT,
  outcome    TEXT NOT NULL DEFAULT 'disclosed',
  purpose    TEXT NOT NULL,
  route      TEXT NOT NULL
);`;

const INDEXES = `
CREATE INDEX IF NOT EXISTS subject_reads_by_subject ON subject_reads (subject_id, id);
CREATE INDEX IF NOT EXISTS subject_reads_by_key ON subject_reads (key_id, id);
CREATE INDEX IF NOT EXISTS subject_reads_by_time ON subject_reads (at);
`;

interface ReadRow {
  id: number;
  at: string;
  key_id: string;
  key_name: string;
  role: SubjectRead['role'];
  subject_id: string | null;
  system: string | null;
  outcome: SubjectRead['outcome'];
  purpose: string;
  route: string;
}

/**
 * Who read which subject's records, append-only. Reads that arrive together share one commit
 * (and one fsync); each is durable before its data is sent.
 */
export class AccessAuditLog {
  private readonly db: Database.Database;
  private readonly writer: GroupCommit<SubjectRead, void>;

  constructor(file: string) {
    this.db = openSqlite(file, { cacheMiB: 8 });
    this.migrate();
    const insert = this.db.prepare(
      'INSERT INTO subject_reads (at, key_id, key_name, role, subject_id, system, outcome, purpose, route) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.writer = new GroupCommit(
      this.db,
      (r: SubjectRead) =>
        void insert.run(r.at, r.keyId, r.keyName, r.role, r.subjectId ?? null, r.system ?? null, r.outcome, r.purpose, r.route),
      { needsSavepoint: () => false },
    );
  }

  /** Logs from before lookups that miss were recorded had subject_id NOT NULL: rebuilt once, every entry kept, as `disclosed`. */
  private migrate(): void {
    const columns = this.db.prepare("SELECT name FROM pragma_table_info('subject_reads')").all() as { name: string }[];
    this.db.transaction(() => {
      if (columns.length && !columns.some((c) => c.name === 'outcome')) {
        this.db.exec('ALTER TABLE subject_reads RENAME TO subject_reads_v1');
        this.db.exec(TABLE);
        this.db.exec(`INSERT INTO subject_reads (id, at, key_id, key_name, role, subject_id, purpose, route)
                      SELECT id, at, key_id, key_name, role, subject_id, purpose, route FROM subject_reads_v1`);
        this.db.exec('DROP TABLE subject_reads_v1');
      }
      this.db.exec(TABLE);
      this.db.exec(INDEXES);
    })();
  }

  record(read: SubjectRead): Promise<void> {
    return this.writer.submit(read);
  }

  /** Oldest first; ask for one more than the limit to know whether another page follows. */
  find(filter: SubjectReadFilter): RecordedSubjectRead[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (clause: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params.push(value);
    };
    add('subject_id = ?', filter.subjectId);
    add('key_id = ?', filter.keyId);
    add('at >= ?', filter.from);
    add('at < ?', filter.to);
    add('id > ?', filter.after);
    const sql = `SELECT * FROM subject_reads ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, filter.limit) as ReadRow[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      keyId: r.key_id,
      keyName: r.key_name,
      role: r.role,
      ...(r.subject_id === null ? {} : { subjectId: r.subject_id }),
      ...(r.system === null ? {} : { system: r.system }),
      outcome: r.outcome,
      purpose: r.purpose,
      route: r.route,
    }));
  }

  close(): void {
    this.writer.flush();
    if (this.db.open) this.db.close();
  }
}
