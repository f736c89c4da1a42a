import { readdirSync } from 'node:fs';
import { MIGRATIONS_DIR, MIGRATIONS_TABLE, migrateDatabase } from './migrate';
import { createPgPool } from './pg-pool';
import { createTestDatabase, TestDatabase } from './testing/test-database';

describe('migrateDatabase', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('lets ledgers that start together migrate one after the other: one applies, the others find nothing to do', async () => {
    const pools = Array.from({ length: 3 }, () => createPgPool({ connectionString: database.url, max: 1 }));
    try {
      const applied = await Promise.all(pools.map((pool) => migrateDatabase(pool)));
      const appliers = applied.filter((names) => names.length > 0);
      expect(appliers).toHaveLength(1);
      // Every migration file, in order (the event log first).
      const files = readdirSync(MIGRATIONS_DIR)
        .filter((f) => f.endsWith('.sql'))
        .map((f) => f.replace(/\.sql$/, ''))
        .sort();
      expect(appliers[0]).toEqual(files);
      expect(files[0]).toMatch(/^\d{13}_event-log$/);
      const { rows } = await pools[0].query(`SELECT name FROM ${MIGRATIONS_TABLE}`);
      expect(rows.map((r) => r.name)).toEqual(appliers[0]);
      expect(await migrateDatabase(pools[1])).toEqual([]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});
