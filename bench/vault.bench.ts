import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { createPgPool, migrateDatabase } from '@ledger/postgres';
import { TestDatabase, createTestDatabase } from '@ledger/postgres/testing/test-database';
import { MasterKeyRing, PostgresKeyVault, RotatableKeyVault, SqliteKeyVault, SubjectKeyRequest, masterKeyId, seal } from '@ledger/vault';
import { fmt, printTable, rate, remove, scratchDir, timed } from './support';

const GROUPS = ['identity', 'contact'] as const;

/**
 * `npm run bench -- vault`: the key vault on SQLite and on PostgreSQL, in the same run. New
 * subjects in batches (as a batch of facts makes them), the same subjects again from a cold
 * cache (a restarted ledger), and a master-key rotation (keys rewrapped per second). The
 * reference for PostgreSQL: raw node-postgres multi-row INSERTs of the same rows (subject,
 * two sealed keys, a sealed name) in the same batches, no lookups.
 */
export async function vaultBench(subjects: number, batch: number): Promise<void> {
  const requests: SubjectKeyRequest[][] = [];
  for (let i = 0; i < subjects; i += batch) {
    requests.push(
      Array.from({ length: Math.min(batch, subjects - i) }, (_, j) => ({ name: { system: 'crm', externalId: `C-${i + j}` }, groups: [...GROUPS] })),
    );
  }
  const master = randomBytes(32);
  const next = randomBytes(32);
  const dir = scratchDir('vault');
  let database: TestDatabase | undefined;
  const pools: Pool[] = [];
  const rows: (string | number)[][] = [['store', 'new subjects/s', 'known subjects/s (cold cache)', 'keys rewrapped/s']];
  try {
    database = await createTestDatabase('ledger_bench_vault');
    const pgPool = () => {
      const pool = createPgPool({ connectionString: database!.url, max: 10 });
      pools.push(pool);
      return pool;
    };
    await migrateDatabase(pgPool());
    const stores: [string, (ring: MasterKeyRing) => Promise<RotatableKeyVault>][] = [
      ['sqlite', async (ring) => new SqliteKeyVault({ file: join(dir, 'vault.db'), masterKey: ring })],
      ['postgres', (ring) => PostgresKeyVault.open({ pool: pgPool(), masterKey: ring })],
    ];
    for (const [name, open] of stores) {
      let vault = await open(MasterKeyRing.of(master));
      const created = await timed(async () => {
        for (const r of requests) await vault.prepare(r);
      });
      await vault.close();
      vault = await open(MasterKeyRing.of(master));
      const known = await timed(async () => {
        for (const r of requests) await vault.prepare(r);
      });
      await vault.close();
      vault = await open(new MasterKeyRing([master, next]));
      await vault.wrapWith(masterKeyId(next));
      const rotated = await timed(async () => {
        let cursor = null;
        let n = 0;
        do {
          const b = await vault.rewrapBatch(masterKeyId(next), 500, cursor);
          n += b.rewrapped;
          cursor = b.next;
        } while (cursor);
        return n;
      });
      await vault.close();
      rows.push([name, fmt(rate(subjects, created.seconds)), fmt(rate(subjects, known.seconds)), fmt(rate(rotated.result, rotated.seconds))]);
    }

    // The reference: the same rows into the same tables' shapes by multi-row INSERTs, no lookups.
    const raw = pgPool();
    await raw.query('CREATE TABLE raw_subjects (subject_id text PRIMARY KEY, created_at text NOT NULL)');
    await raw.query('CREATE TABLE raw_keys (subject_id text, key_group text, wrapped bytea, master_key_id text, PRIMARY KEY (subject_id, key_group))');
    await raw.query('CREATE TABLE raw_names (blind_index bytea PRIMARY KEY, subject_id text NOT NULL, system text NOT NULL, external_id bytea NOT NULL)');
    const key = randomBytes(32);
    const inserted = await timed(async () => {
      let n = 0;
      for (const r of requests) {
        const ids = r.map(() => `s-${n++}`);
        const client = await raw.connect();
        try {
          await client.query('BEGIN');
          await client.query('INSERT INTO raw_subjects SELECT s, $2 FROM unnest($1::text[]) AS s', [ids, new Date().toISOString()]);
          const keyIds = ids.flatMap((id) => GROUPS.map(() => id));
          const groups = ids.flatMap(() => [...GROUPS]);
          await client.query('INSERT INTO raw_keys SELECT s, g, w, $4 FROM unnest($1::text[], $2::text[], $3::bytea[]) AS t(s, g, w)', [
            keyIds,
            groups,
            keyIds.map((id, i) => seal(key, randomBytes(32), `${id}/${groups[i]}`)),
            'x',
          ]);
          await client.query('INSERT INTO raw_names SELECT b, s, $3, e FROM unnest($1::bytea[], $2::text[], $4::bytea[]) AS t(b, s, e)', [
            ids.map(() => randomBytes(32)),
            ids,
            'crm',
            ids.map((id) => seal(key, Buffer.from(id), id)),
          ]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      }
    });
    rows.push(['raw node-postgres INSERTs (reference)', fmt(rate(subjects, inserted.seconds)), '-', '-']);
    console.log(`\nvault: ${fmt(subjects)} subjects (2 keys each) in batches of ${batch}`);
    printTable(rows);
    const pgNew = Number(String(rows[2][1]).replace(/,/g, ''));
    console.log(`PostgreSQL vault, new subjects: ${(pgNew / rate(subjects, inserted.seconds)).toFixed(2)}x the raw INSERTs`);
  } finally {
    await Promise.all(pools.map((p) => p.end()));
    await database?.drop();
    remove(dir);
  }
}
