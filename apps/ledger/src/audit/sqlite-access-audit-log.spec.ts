import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAccessAuditLog } from './sqlite-access-audit-log';

describe('SqliteAccessAuditLog: logs written by older versions', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-audit-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const reader = { keyId: '0123456789abcdef', keyName: 'dpo', role: 'dpo' as const, route: 'GET /v1/subjects' };
  const filesContain = (text: string) => readdirSync(dir).some((f) => readFileSync(join(dir, f)).includes(Buffer.from(text)));
  // Stands in for the subject's identity key: S-1 still has one, S-gone was erased.
  const sealer = async (subjectId: string, purpose: string) => (subjectId === 'S-gone' ? undefined : `sealed(${purpose.length})`);

  it('keeps the entries of a log written before misses were recorded, and records misses after', async () => {
    const file = join(dir, 'access-audit.db');
    const old = new Database(file);
    old.exec(`CREATE TABLE subject_reads (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, key_id TEXT NOT NULL, key_name TEXT NOT NULL,
      role TEXT NOT NULL, subject_id TEXT NOT NULL, purpose TEXT NOT NULL, route TEXT NOT NULL);
      CREATE INDEX subject_reads_by_subject ON subject_reads (subject_id, id);`);
    old
      .prepare('INSERT INTO subject_reads (at, key_id, key_name, role, subject_id, purpose, route) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run('2025-01-01T00:00:00.000Z', reader.keyId, 'dpo', 'dpo', 'S-1', 'old read', 'GET /v1/subjects/:subjectId/events');
    old.close();

    const log = new SqliteAccessAuditLog(file);
    expect(await log.sealLegacyPurposes(sealer)).toBe(1);
    await log.record({ ...reader, at: '2025-01-02T00:00:00.000Z', system: 'crm', outcome: 'not-found' });
    await log.record({ ...reader, at: '2025-01-03T00:00:00.000Z', subjectId: 'S-1', system: 'crm', outcome: 'disclosed', purposeSealed: 'box' });
    expect(await log.find({ limit: 10 })).toEqual([
      {
        id: 1,
        at: '2025-01-01T00:00:00.000Z',
        keyId: reader.keyId,
        keyName: 'dpo',
        role: 'dpo',
        subjectId: 'S-1',
        outcome: 'disclosed',
        purposeSealed: 'sealed(8)',
        route: 'GET /v1/subjects/:subjectId/events',
      },
      { id: 2, at: '2025-01-02T00:00:00.000Z', ...reader, system: 'crm', outcome: 'not-found' },
      { id: 3, at: '2025-01-03T00:00:00.000Z', ...reader, subjectId: 'S-1', system: 'crm', outcome: 'disclosed', purposeSealed: 'box' },
    ]);
    expect((await log.find({ subjectId: 'S-1', limit: 10 })).map((e) => e.id)).toEqual([1, 3]);
    await log.close();
    // Opening it again changes nothing; the indexes are on the new table.
    const reopened = new SqliteAccessAuditLog(file);
    expect(await reopened.sealLegacyPurposes(sealer)).toBe(0);
    expect(await reopened.find({ limit: 10 })).toHaveLength(3);
    await reopened.close();
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'subject_reads' ORDER BY name").pluck().all()).toEqual([
      'subject_reads_by_key',
      'subject_reads_by_subject',
      'subject_reads_by_time',
    ]);
    check.close();
  });

  it('seals the clear purposes of a log from before purposes were sealed, drops those of misses and of erased subjects, and leaves no trace of them', async () => {
    const file = join(dir, 'access-audit.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec(`CREATE TABLE subject_reads (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, key_id TEXT NOT NULL, key_name TEXT NOT NULL,
      role TEXT NOT NULL, subject_id TEXT, system TEXT, outcome TEXT NOT NULL DEFAULT 'disclosed', purpose TEXT NOT NULL, route TEXT NOT NULL);
      CREATE INDEX subject_reads_by_subject ON subject_reads (subject_id, id);`);
    const insert = old.prepare(
      'INSERT INTO subject_reads (at, key_id, key_name, role, subject_id, system, outcome, purpose, route) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    insert.run(
      '2025-01-01T00:00:00.000Z',
      reader.keyId,
      'dpo',
      'dpo',
      'S-1',
      null,
      'disclosed',
      'request of kept.person@example.nl',
      'GET /v1/subjects/:subjectId/events',
    );
    insert.run('2025-01-02T00:00:00.000Z', reader.keyId, 'dpo', 'dpo', null, 'crm', 'not-found', 'is missing.person@example.nl a customer', 'GET /v1/subjects');
    insert.run(
      '2025-01-03T00:00:00.000Z',
      reader.keyId,
      'dpo',
      'dpo',
      'S-gone',
      null,
      'disclosed',
      'request of erased.person@example.nl',
      'GET /v1/subjects/:subjectId/events',
    );
    old.close();
    expect(filesContain('kept.person@example.nl')).toBe(true);

    const log = new SqliteAccessAuditLog(file);
    expect(await log.sealLegacyPurposes(sealer)).toBe(2);
    expect((await log.find({ limit: 10 })).map(({ id, subjectId, outcome, purposeSealed }) => ({ id, subjectId, outcome, purposeSealed }))).toEqual([
      { id: 1, subjectId: 'S-1', outcome: 'disclosed', purposeSealed: 'sealed(33)' },
      { id: 2, subjectId: undefined, outcome: 'not-found', purposeSealed: undefined },
      { id: 3, subjectId: 'S-gone', outcome: 'disclosed', purposeSealed: undefined },
    ]);
    await log.close();
    for (const text of ['kept.person@example.nl', 'missing.person@example.nl', 'erased.person@example.nl']) expect(filesContain(text)).toBe(false);
  });
});
