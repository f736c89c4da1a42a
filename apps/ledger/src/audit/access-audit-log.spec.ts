import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessAuditLog } from './access-audit-log';

describe('AccessAuditLog', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-audit-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const reader = { keyId: '0123456789abcdef', keyName: 'dpo', role: 'dpo' as const, purpose: 'p', route: 'GET /v1/subjects' };

  it('keeps the entries of a log written before misses were recorded, and records misses after', async () => {
    const file = join(dir, 'access-audit.db');
    const old = new Database(file);
    old.exec(`CREATE TABLE subject_reads (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, key_id TEXT NOT NULL, key_name TEXT NOT NULL,
      role TEXT NOT NULL, subject_id TEXT NOT NULL, purpose TEXT NOT NULL, route TEXT NOT NULL);
      CREATE INDEX subject_reads_by_subject ON subject_reads (subject_id, id);`);
    old.prepare('INSERT INTO subject_reads (at, key_id, key_name, role, subject_id, purpose, route) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      '2025-01-01T00:00:00.000Z', reader.keyId, 'dpo', 'dpo', 'S-1', 'old read', 'GET /v1/subjects/:subjectId/events',
    );
    old.close();

    const log = new AccessAuditLog(file);
    await log.record({ ...reader, at: '2025-01-02T00:00:00.000Z', system: 'crm', outcome: 'not-found' });
    await log.record({ ...reader, at: '2025-01-03T00:00:00.000Z', subjectId: 'S-1', system: 'crm', outcome: 'disclosed' });
    expect(log.find({ limit: 10 })).toEqual([
      { id: 1, at: '2025-01-01T00:00:00.000Z', keyId: reader.keyId, keyName: 'dpo', role: 'dpo', subjectId: 'S-1', outcome: 'disclosed', purpose: 'old read', route: 'GET /v1/subjects/:subjectId/events' },
      { id: 2, at: '2025-01-02T00:00:00.000Z', ...reader, system: 'crm', outcome: 'not-found' },
      { id: 3, at: '2025-01-03T00:00:00.000Z', ...reader, subjectId: 'S-1', system: 'crm', outcome: 'disclosed' },
    ]);
    expect(log.find({ subjectId: 'S-1', limit: 10 }).map((e) => e.id)).toEqual([1, 3]);
    log.close();
    // Opening it again changes nothing.
    const reopened = new AccessAuditLog(file);
    expect(reopened.find({ limit: 10 })).toHaveLength(3);
    reopened.close();
  });
});
