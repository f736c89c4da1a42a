import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { createPgPool, migrateDatabase } from '@ledger/postgres';
import { createTestDatabase, TestDatabase } from '@ledger/postgres/testing/test-database';
import { describeKeyVaultConformance } from './conformance/key-vault.conformance';
import { PostgresKeyVault } from './postgres-key-vault';

const masterKey = randomBytes(32);

describeKeyVaultConformance(
  'postgres',
  (() => {
    let database: TestDatabase;
    let pools: Pool[] = [];
    return {
      setUp: async () => {
        database = await createTestDatabase('ledger_vault');
        const pool = createPgPool({ connectionString: database.url, max: 4 });
        await migrateDatabase(pool);
        await pool.end();
      },
      // A pool per vault, as each ledger process has its own.
      open: async (keys) => {
        const pool = createPgPool({ connectionString: database.url, max: 4 });
        pools.push(pool);
        return PostgresKeyVault.open({ pool, masterKey: keys });
      },
      tearDown: async () => {
        await Promise.all(pools.map((p) => p.end()));
        pools = [];
        await database.drop();
      },
    };
  })(),
);

describe('PostgresKeyVault: several ledgers on one database', () => {
  let database: TestDatabase;
  let pools: Pool[];
  let vaults: PostgresKeyVault[];

  beforeEach(async () => {
    database = await createTestDatabase('ledger_vault');
    pools = [0, 1].map(() => createPgPool({ connectionString: database.url, max: 8 }));
    await migrateDatabase(pools[0]);
    vaults = await Promise.all(pools.map((pool) => PostgresKeyVault.open({ pool, masterKey })));
  });
  afterEach(async () => {
    await Promise.all(vaults.map((v) => v.close()));
    await Promise.all(pools.map((p) => p.end()));
    await database.drop();
  });

  it('creates a subject and its keys once when two ledgers meet its name at the same time', async () => {
    const names = Array.from({ length: 50 }, (_, i) => ({ system: 'crm', externalId: `C-${i}` }));
    const [a, b] = await Promise.all(
      vaults.map((vault) => Promise.all(names.map((name) => vault.prepare([{ name, groups: ['identity', 'contact'] }]).then(([p]) => p)))),
    );
    for (let i = 0; i < names.length; i++) {
      expect(b[i].subjectId).toBe(a[i].subjectId);
      expect(b[i].keys.get('contact')).toEqual(a[i].keys.get('contact'));
      expect(b[i].keys.get('identity')).toEqual(a[i].keys.get('identity'));
      expect([a[i].created, b[i].created].filter(Boolean)).toHaveLength(1);
    }
    const { rows } = await pools[0].query('SELECT count(*)::int AS n FROM vault_subjects');
    expect(rows[0].n).toBe(50);
  });

  it('stops serving a key from memory once another ledger shredded it', async () => {
    const [s] = await vaults[0].prepare([{ name: { system: 'crm', externalId: 'C-9' }, groups: ['identity', 'contact'] }]);
    expect((await vaults[1].keysForReading(s.subjectId)).get('contact')).toBeInstanceOf(Buffer);
    await vaults[0].shred(s.subjectId, ['contact']);
    // The NOTIFY arrives after the commit: poll until the other vault heard it (no timed assertion).
    for (;;) {
      if ((await vaults[1].keysForReading(s.subjectId)).get('contact') === null) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const [after] = await vaults[1].prepare([{ subjectId: s.subjectId, groups: ['contact'] }]);
    expect(after.keys.get('contact')).toBeNull();
  });
});
