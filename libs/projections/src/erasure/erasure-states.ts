import type Database from 'better-sqlite3';
import { ErasureState, ShreddingAlarm, fromStoredJson, toStoredJson } from '@ledger/domain';

export interface KeptState {
  state: ErasureState;
  revision: number;
}

interface AlarmRow {
  subject_id: string;
  since: string;
  last_failed_at: string;
  key_groups: string;
  reason: string;
}

const toAlarm = (r: AlarmRow): ShreddingAlarm => ({
  subjectId: r.subject_id,
  since: r.since,
  lastFailedAt: r.last_failed_at,
  keyGroups: JSON.parse(r.key_groups),
  reason: r.reason,
});

/**
 * The erasure workflow's memory: each subject's decider state at a revision, and the subjects
 * with keys still to shred (an erasure in progress, or a retained group until its date).
 * Kept in the projections database, written by the erasure process only.
 */
export class ErasureStates {
  static readonly TABLES = ['erasure_states', 'erasure_due'] as const;
  private stmt!: Record<'load' | 'save' | 'due' | 'notDue' | 'dueBy' | 'all' | 'raise' | 'clear' | 'alarm' | 'alarms', Database.Statement>;

  constructor(private readonly db: Database.Database) {}

  setup(): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS erasure_states (subject_id TEXT PRIMARY KEY, revision INTEGER NOT NULL, state TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS erasure_due (subject_id TEXT PRIMARY KEY, due_at TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS erasure_due_at ON erasure_due (due_at);
      -- Not one of TABLES: a rebuild of the process must not silence an alarm about keys already destroyed.
      CREATE TABLE IF NOT EXISTS erasure_alarms (
        subject_id TEXT PRIMARY KEY, since TEXT NOT NULL, last_failed_at TEXT NOT NULL, key_groups TEXT NOT NULL, reason TEXT NOT NULL);`);
    this.stmt = {
      load: this.db.prepare('SELECT revision, state FROM erasure_states WHERE subject_id = ?'),
      save: this.db.prepare(
        'INSERT INTO erasure_states (subject_id, revision, state) VALUES (?, ?, ?) ON CONFLICT (subject_id) DO UPDATE SET revision = excluded.revision, state = excluded.state',
      ),
      due: this.db.prepare('INSERT INTO erasure_due (subject_id, due_at) VALUES (?, ?) ON CONFLICT (subject_id) DO UPDATE SET due_at = excluded.due_at'),
      notDue: this.db.prepare('DELETE FROM erasure_due WHERE subject_id = ?'),
      dueBy: this.db.prepare('SELECT subject_id FROM erasure_due WHERE due_at <= ? ORDER BY due_at'),
      all: this.db.prepare('SELECT subject_id FROM erasure_due'),
      raise: this.db.prepare(
        `INSERT INTO erasure_alarms (subject_id, since, last_failed_at, key_groups, reason) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (subject_id) DO UPDATE SET last_failed_at = excluded.last_failed_at, key_groups = excluded.key_groups, reason = excluded.reason`,
      ),
      clear: this.db.prepare('DELETE FROM erasure_alarms WHERE subject_id = ?'),
      alarm: this.db.prepare('SELECT * FROM erasure_alarms WHERE subject_id = ?'),
      alarms: this.db.prepare('SELECT * FROM erasure_alarms ORDER BY since, subject_id'),
    };
  }

  load(subjectId: string): KeptState | undefined {
    const row = this.stmt.load.get(subjectId) as { revision: number; state: string } | undefined;
    return row ? { revision: row.revision, state: fromStoredJson<ErasureState>(row.state) } : undefined;
  }

  save(subjectId: string, kept: KeptState, dueAt: string | undefined): void {
    this.stmt.save.run(subjectId, kept.revision, toStoredJson(kept.state));
    if (dueAt) this.stmt.due.run(subjectId, dueAt);
    else this.stmt.notDue.run(subjectId);
  }

  raiseAlarm(alarm: Omit<ShreddingAlarm, 'since'>): void {
    this.stmt.raise.run(alarm.subjectId, alarm.lastFailedAt, alarm.lastFailedAt, JSON.stringify(alarm.keyGroups), alarm.reason);
  }

  clearAlarm(subjectId: string): void {
    this.stmt.clear.run(subjectId);
  }

  alarmOf(subjectId: string): ShreddingAlarm | undefined {
    const row = this.stmt.alarm.get(subjectId) as AlarmRow | undefined;
    return row && toAlarm(row);
  }

  alarms(): ShreddingAlarm[] {
    return (this.stmt.alarms.all() as AlarmRow[]).map(toAlarm);
  }

  /** Subjects with keys to shred by `now`. */
  dueBy(now: Date): string[] {
    return (this.stmt.dueBy.all(now.toISOString()) as { subject_id: string }[]).map((r) => r.subject_id);
  }
}
