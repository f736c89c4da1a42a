import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { createPgPool, migrateDatabase } from '@ledger/postgres';
import { createTestDatabase } from '@ledger/postgres/testing/test-database';
import type { AccessAuditLog } from './access-audit-log';
import { PostgresAccessAuditLog } from './postgres-access-audit-log';
import { SqliteAccessAuditLog } from './sqlite-access-audit-log';
import type { SubjectRead } from './subject-read';

/** Where the log is kept, as a test sees it: logs opened on it (as separate processes would), everything it holds as bytes, and its removal. */
interface AuditPlace {
  open(): AccessAuditLog;
  bytes(): Promise<Buffer>;
  remove(): Promise<void>;
}

const sqlitePlace = async (): Promise<AuditPlace> => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-audit-'));
  return {
    open: () => new SqliteAccessAuditLog(join(dir, 'access-audit.db')),
    bytes: async () => Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f)))),
    remove: async () => rmSync(dir, { recursive: true, force: true }),
  };
};

const postgresPlace = async (): Promise<AuditPlace> => {
  const database = await createTestDatabase();
  const pools: Pool[] = [createPgPool({ connectionString: database.url, max: 2 })];
  await migrateDatabase(pools[0]);
  return {
    open: () => {
      const pool = createPgPool({ connectionString: database.url, max: 4 });
      pools.push(pool);
      return new PostgresAccessAuditLog(pool);
    },
    bytes: async () => {
      const { rows } = await pools[0].query("SELECT string_agg(t::text, E'\\n') AS dump FROM subject_reads t");
      return Buffer.from(String(rows[0].dump ?? ''));
    },
    remove: async () => {
      await Promise.all(pools.map((p) => p.end()));
      await database.drop();
    },
  };
};

const reader = { keyId: '0123456789abcdef', keyName: 'dpo', role: 'dpo' as const, route: 'GET /v1/subjects/:subjectId/events' };
const read = (at: string, fields: Partial<SubjectRead> = {}): SubjectRead => ({ ...reader, at, subjectId: 'S-1', outcome: 'disclosed', ...fields });

/** The same rules on both logs: the embedded file and the PostgreSQL table that instances share. */
describe.each([
  ['SQLite (access-audit.db)', sqlitePlace],
  ['PostgreSQL (subject_reads)', postgresPlace],
])('AccessAuditLog on %s', (_name, makePlace) => {
  let place: AuditPlace;
  let log: AccessAuditLog;

  beforeEach(async () => {
    place = await makePlace();
    log = place.open();
  });
  afterEach(async () => {
    await log.close();
    await place.remove();
  });

  it('keeps reads and misses as recorded, oldest first, and filters by subject, key, time and id', async () => {
    await log.record(read('2025-01-01T00:00:00.000Z', { purposeSealed: 'box-1' }));
    await log.record({ ...reader, at: '2025-01-02T00:00:00.000Z', system: 'crm', outcome: 'not-found', route: 'GET /v1/subjects' });
    await log.record(read('2025-01-03T00:00:00.000Z', { subjectId: 'S-2', keyId: 'fedcba9876543210', keyName: 'other' }));
    await log.record(read('2025-01-04T00:00:00.000Z', { system: 'crm', route: 'GET /v1/subjects', purposeSealed: 'box-4' }));
    expect(await log.find({ limit: 10 })).toEqual([
      { id: 1, ...reader, at: '2025-01-01T00:00:00.000Z', subjectId: 'S-1', outcome: 'disclosed', purposeSealed: 'box-1' },
      { id: 2, ...reader, at: '2025-01-02T00:00:00.000Z', system: 'crm', outcome: 'not-found', route: 'GET /v1/subjects' },
      { id: 3, ...reader, keyId: 'fedcba9876543210', keyName: 'other', at: '2025-01-03T00:00:00.000Z', subjectId: 'S-2', outcome: 'disclosed' },
      {
        id: 4,
        ...reader,
        at: '2025-01-04T00:00:00.000Z',
        subjectId: 'S-1',
        system: 'crm',
        outcome: 'disclosed',
        purposeSealed: 'box-4',
        route: 'GET /v1/subjects',
      },
    ]);
    const ids = async (filter: Parameters<AccessAuditLog['find']>[0]) => (await log.find(filter)).map((e) => e.id);
    expect(await ids({ subjectId: 'S-1', limit: 10 })).toEqual([1, 4]);
    expect(await ids({ keyId: 'fedcba9876543210', limit: 10 })).toEqual([3]);
    expect(await ids({ from: '2025-01-02T00:00:00.000Z', to: '2025-01-04T00:00:00.000Z', limit: 10 })).toEqual([2, 3]);
    expect(await ids({ after: 1, limit: 2 })).toEqual([2, 3]);
    expect(await ids({ subjectId: 'S-1', after: 1, limit: 10 })).toEqual([4]);
  });

  it('is shared by every process that opens it: reads recorded through two at once are all kept, each once, in one order', async () => {
    const other = place.open();
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? other : log).record(read(`2025-01-01T00:00:${String(i).padStart(2, '0')}.000Z`, { subjectId: `S-${i}` })),
        ),
      );
      const seen = await other.find({ limit: 100 });
      expect(seen.map((e) => e.id)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(new Set(seen.map((e) => e.subjectId)).size).toBe(40);
      expect(await log.find({ limit: 100 })).toEqual(seen);
    } finally {
      await other.close();
    }
  });

  it('holds the sealed purpose only, never anything in clear, and has no clear purposes to seal', async () => {
    await log.record(read('2025-01-01T00:00:00.000Z', { purposeSealed: 'v1.c2VhbGVk' }));
    expect(await log.sealLegacyPurposes(async () => 'never')).toBe(0);
    await log.close();
    log = place.open();
    expect((await log.find({ limit: 10 }))[0].purposeSealed).toBe('v1.c2VhbGVk');
    const bytes = await place.bytes();
    expect(bytes.includes('v1.c2VhbGVk')).toBe(true);
    expect(bytes.includes('never')).toBe(false);
  });
});
