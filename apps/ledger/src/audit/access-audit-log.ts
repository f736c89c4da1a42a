import type Database from 'better-sqlite3';
import { GroupCommit, openSqlite } from '@ledger/event-store';
import type { RecordedSubjectRead, SubjectRead, SubjectReadFilter } from './subject-read';

/** The access audit log has its own file, so it can be kept and backed up on its own terms. */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS subject_reads (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at         TEXT NOT NULL,
  key_id     TEXT NOT NULL,
  key_name   TEXT NOT NULL,
  role       TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  purpose    TEXT NOT NULL,
  route      TEXT NOT NULL
);
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
  subject_id: string;
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
    this.db.exec(SCHEMA);
    const insert = this.db.prepare(
      'INSERT INTO subject_reads (at, key_id, key_name, role, subject_id, purpose, route) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.writer = new GroupCommit(
      this.db,
      (r: SubjectRead) => void insert.run(r.at, r.keyId, r.keyName, r.role, r.subjectId, r.purpose, r.route),
      { needsSavepoint: () => false },
    );
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
      subjectId: r.subject_id,
      purpose: r.purpose,
      route: r.route,
    }));
  }

  close(): void {
    this.writer.flush();
    if (this.db.open) this.db.close();
  }
}
