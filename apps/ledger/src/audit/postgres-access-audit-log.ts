import type { Pool } from 'pg';
import { AccessAuditLog } from './access-audit-log';
import { StoredSubjectRead, SubjectRead, SubjectReadFilter, SubjectReadRow, storedSubjectRead } from './subject-read';

// Held by each append for the length of its one-statement transaction. Identity values are
// drawn in the order the lock is granted and the lock is released only after the commit is
// visible, so ids become visible in order: a DPO paging by `after` never passes an entry that
// commits later with a smaller id (which concurrent inserts on a bare identity would allow).
const AUDIT_LOCK = '7271838102741101';

const INSERT = `
WITH audit_lock AS (SELECT pg_advisory_xact_lock(${AUDIT_LOCK}))
INSERT INTO subject_reads (at, key_id, key_name, role, subject_id, system, outcome, purpose_sealed, route)
SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 FROM audit_lock`;

/**
 * The access audit log in the PostgreSQL database (table subject_reads, append-only by trigger),
 * shared by every ledger instance: the DPO sees the reads made through any of them. Each read is
 * committed (durable) before the data it is about is sent.
 */
export class PostgresAccessAuditLog extends AccessAuditLog {
  constructor(private readonly pool: Pool) {
    super();
  }

  async record(r: SubjectRead): Promise<void> {
    await this.pool.query({
      name: 'ledger-audit-insert',
      text: INSERT,
      values: [r.at, r.keyId, r.keyName, r.role, r.subjectId ?? null, r.system ?? null, r.outcome, r.purposeSealed ?? null, r.route],
    });
  }

  async find(filter: SubjectReadFilter): Promise<StoredSubjectRead[]> {
    const where: string[] = [];
    const values: (string | number)[] = [];
    const add = (column: string, operator: string, value: string | number | undefined) => {
      if (value === undefined) return;
      values.push(value);
      where.push(`${column} ${operator} $${values.length}`);
    };
    add('subject_id', '=', filter.subjectId);
    add('key_id', '=', filter.keyId);
    add('at', '>=', filter.from);
    add('at', '<', filter.to);
    add('id', '>', filter.after);
    values.push(filter.limit);
    const sql = `SELECT * FROM subject_reads ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT $${values.length}`;
    const { rows } = await this.pool.query<SubjectReadRow>(sql, values);
    return rows.map(storedSubjectRead);
  }

  /** Nothing to do: this log was never written in clear. */
  async sealLegacyPurposes(): Promise<number> {
    return 0;
  }

  /** The pool is the process's; it is ended by whoever opened it. */
  async close(): Promise<void> {}
}
