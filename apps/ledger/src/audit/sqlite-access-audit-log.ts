import type Database from 'better-sqlite3';
import { GroupCommit, openSqlite } from '@ledger/event-store';
import { AccessAuditLog, type LegacyPurposeSealer } from './access-audit-log';
import { StoredSubjectRead, SubjectRead, SubjectReadFilter, SubjectReadRow, storedSubjectRead } from './subject-read';

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
  purpose_sealed TEXT,
  -- A purpose in clear from a log written before purposes were sealed: sealed at the next start.
  legacy_purpose TEXT,
  route      TEXT NOT NULL
);`;

const INDEXES = `
CREATE INDEX IF NOT EXISTS subject_reads_by_subject ON subject_reads (subject_id, id);
CREATE INDEX IF NOT EXISTS subject_reads_by_key ON subject_reads (key_id, id);
CREATE INDEX IF NOT EXISTS subject_reads_by_time ON subject_reads (at);
`;

/**
 * The access audit log in access-audit.db. Reads that arrive together share one commit (and
 * one fsync); each is durable before its data is sent.
 */
export class SqliteAccessAuditLog extends AccessAuditLog {
  private readonly db: Database.Database;
  private readonly writer: GroupCommit<SubjectRead, void>;

  constructor(file: string) {
    super();
    this.db = openSqlite(file, { cacheMiB: 8 });
    // What is deleted or overwritten (the clear purposes of an older log) is zeroed, not left in free pages.
    this.db.pragma('secure_delete = ON');
    this.migrate();
    const insert = this.db.prepare(
      'INSERT INTO subject_reads (at, key_id, key_name, role, subject_id, system, outcome, purpose_sealed, route) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.writer = new GroupCommit(
      this.db,
      (r: SubjectRead) => void insert.run(r.at, r.keyId, r.keyName, r.role, r.subjectId ?? null, r.system ?? null, r.outcome, r.purposeSealed ?? null, r.route),
      { needsSavepoint: () => false },
    );
  }

  /**
   * Older logs kept the purpose in clear (and, before misses were recorded, had subject_id NOT
   * NULL and no outcome): rebuilt once, every entry kept (as `disclosed` when it had no
   * outcome). A read's purpose waits in `legacy_purpose` for sealLegacyPurposes; a miss's
   * purpose is dropped, as it is for new misses.
   */
  private migrate(): void {
    const columns = new Set((this.db.prepare("SELECT name FROM pragma_table_info('subject_reads')").all() as { name: string }[]).map((c) => c.name));
    this.db.transaction(() => {
      if (columns.size && !columns.has('purpose_sealed')) {
        this.db.exec('ALTER TABLE subject_reads RENAME TO subject_reads_old');
        this.db.exec('DROP INDEX IF EXISTS subject_reads_by_subject; DROP INDEX IF EXISTS subject_reads_by_key; DROP INDEX IF EXISTS subject_reads_by_time;');
        this.db.exec(TABLE);
        this.db.exec(`INSERT INTO subject_reads (id, at, key_id, key_name, role, subject_id, system, outcome, legacy_purpose, route)
                      SELECT id, at, key_id, key_name, role, subject_id, ${columns.has('system') ? 'system' : 'NULL'},
                             ${columns.has('outcome') ? 'outcome' : "'disclosed'"}, CASE WHEN subject_id IS NULL THEN NULL ELSE purpose END, route
                        FROM subject_reads_old`);
        this.db.exec('DROP TABLE subject_reads_old');
      }
      this.db.exec(TABLE);
      this.db.exec(INDEXES);
    })();
  }

  /** Seals the clear purposes an older log left (or drops them, the subject's identity key being gone), and checkpoints the WAL. */
  async sealLegacyPurposes(sealer: LegacyPurposeSealer): Promise<number> {
    const rows = this.db.prepare('SELECT id, subject_id, legacy_purpose FROM subject_reads WHERE legacy_purpose IS NOT NULL').all() as {
      id: number;
      subject_id: string;
      legacy_purpose: string;
    }[];
    if (rows.length === 0) return 0;
    const sealed = await Promise.all(rows.map((r) => sealer(r.subject_id, r.legacy_purpose)));
    const update = this.db.prepare('UPDATE subject_reads SET purpose_sealed = ?, legacy_purpose = NULL WHERE id = ?');
    this.db.transaction(() => rows.forEach((r, i) => update.run(sealed[i] ?? null, r.id)))();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return rows.length;
  }

  record(read: SubjectRead): Promise<void> {
    return this.writer.submit(read);
  }

  async find(filter: SubjectReadFilter): Promise<StoredSubjectRead[]> {
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
    const rows = this.db.prepare(sql).all(...params, filter.limit) as SubjectReadRow[];
    return rows.map(storedSubjectRead);
  }

  async close(): Promise<void> {
    this.writer.flush();
    if (this.db.open) this.db.close();
  }
}
