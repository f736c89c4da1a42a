import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgPool, migrateDatabase } from '@ledger/postgres';
import { createTestDatabase } from '@ledger/postgres/testing/test-database';
import { LastAdminKeyError, UnknownApiKeyError } from './api-key-errors';
import { API_KEY_PREFIX } from './api-key-secret';
import type { ApiKeyStore } from './api-key-store';
import { PostgresApiKeyStore } from './postgres-api-key-store';
import { SqliteApiKeyStore } from './sqlite-api-key-store';

/** One place keys are kept, as a test sees it: stores opened on it (as separate processes would), what its bytes hold, and its removal. */
interface KeyPlace {
  open(): ApiKeyStore;
  /** Every byte the place holds, as one buffer (the files; the database's table dumped raw). */
  bytes(): Promise<Buffer>;
  remove(): Promise<void>;
}

const now = () => new Date('2025-05-01T12:00:00Z');

const sqlitePlace = async (): Promise<KeyPlace> => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-keys-'));
  return {
    open: () => new SqliteApiKeyStore(join(dir, 'access.db'), now),
    bytes: async () => Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f)))),
    remove: async () => rmSync(dir, { recursive: true, force: true }),
  };
};

const postgresPlace = async (): Promise<KeyPlace> => {
  const database = await createTestDatabase();
  const pools = [createPgPool({ connectionString: database.url, max: 2 })];
  await migrateDatabase(pools[0]);
  return {
    open: () => {
      const pool = createPgPool({ connectionString: database.url, max: 2 });
      pools.push(pool);
      return new PostgresApiKeyStore({ pool, now });
    },
    // Every column of every row as PostgreSQL returns it in text form (bytea as hex, arrays as literals).
    bytes: async () => {
      const { rows } = await pools[0].query("SELECT string_agg(t::text, E'\\n') AS dump FROM api_keys t");
      return Buffer.from(String(rows[0].dump ?? ''));
    },
    remove: async () => {
      await Promise.all(pools.map((p) => p.end()));
      await database.drop();
    },
  };
};

/** The same rules on both stores: the embedded SQLite file and the PostgreSQL database instances share. */
describe.each([
  ['SQLite (access.db)', sqlitePlace],
  ['PostgreSQL (api_keys)', postgresPlace],
])('ApiKeyStore on %s', (_name, makePlace) => {
  let place: KeyPlace;
  let store: ApiKeyStore;

  beforeEach(async () => {
    place = await makePlace();
    store = place.open();
  });
  afterEach(async () => {
    await store.close();
    await place.remove();
  });

  it('issues 256-bit keys with a recognisable prefix and finds them by their secret', async () => {
    const issued = await store.issue({ name: 'crm', role: 'emitter', systems: ['crm'] });
    expect(issued.key).toMatch(/^plk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(issued.key.slice(API_KEY_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(await store.authenticate(issued.key)).toEqual({
      id: issued.id,
      name: 'crm',
      role: 'emitter',
      systems: ['crm'],
      createdAt: '2025-05-01T12:00:00.000Z',
    });
    expect(await store.authenticate(issued.key.slice(0, -1) + (issued.key.endsWith('A') ? 'B' : 'A'))).toBeUndefined();
    expect(await store.get(issued.id)).toEqual(await store.authenticate(issued.key));
    expect(await store.get('ffffffffffffffff')).toBeUndefined();
  });

  it('keeps no secret, only hashes', async () => {
    const issued = await store.issue({ name: 'dpo', role: 'dpo' });
    await store.close();
    store = place.open();
    const bytes = await place.bytes();
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(issued.key)).toBe(false);
    expect(bytes.includes(issued.key.slice(API_KEY_PREFIX.length))).toBe(false);
    expect(bytes.includes(Buffer.from(issued.key.slice(API_KEY_PREFIX.length), 'base64url').toString('hex'))).toBe(false);
  });

  it('gives systems to emitter keys only', async () => {
    expect((await store.issue({ name: 'r', role: 'regulator', systems: ['crm'] })).systems).toEqual([]);
  });

  it('revokes at once, keeps the revoked key listed, and revokes idempotently', async () => {
    await store.issue({ name: 'admin', role: 'admin' });
    const dpo = await store.issue({ name: 'dpo', role: 'dpo' });
    const revoked = await store.revoke(dpo.id);
    expect(revoked.revokedAt).toBe('2025-05-01T12:00:00.000Z');
    expect(await store.authenticate(dpo.key)).toBeUndefined();
    expect(await store.knows(dpo.key)).toBe(true);
    expect(await store.revoke(dpo.id)).toEqual(revoked);
    expect((await store.list()).map((k) => [k.name, k.revokedAt])).toEqual([
      ['admin', undefined],
      ['dpo', '2025-05-01T12:00:00.000Z'],
    ]);
    await expect(store.revoke('ffffffffffffffff')).rejects.toThrow(UnknownApiKeyError);
  });

  it('never revokes the last active admin key', async () => {
    const first = await store.issue({ name: 'first', role: 'admin' });
    await expect(store.revoke(first.id)).rejects.toThrow(LastAdminKeyError);
    const second = await store.issue({ name: 'second', role: 'admin' });
    await store.revoke(first.id);
    await expect(store.revoke(second.id)).rejects.toThrow(LastAdminKeyError);
  });

  it('never revokes the last admin key when two admins are revoked at once from two processes', async () => {
    const other = place.open();
    try {
      const a = await store.issue({ name: 'a', role: 'admin' });
      const b = await store.issue({ name: 'b', role: 'admin' });
      const outcomes = await Promise.allSettled([store.revoke(a.id), other.revoke(b.id)]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((await store.list()).filter((k) => k.role === 'admin' && !k.revokedAt)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('creates the first admin key only while there is no key at all, once when two processes start together', async () => {
    const other = place.open();
    try {
      const [first, second] = await Promise.all([
        store.issueFirstAdmin('bootstrap admin', 'a-bootstrap-key-of-at-least-32-characters'),
        other.issueFirstAdmin('bootstrap admin', 'b-bootstrap-key-of-at-least-32-characters'),
      ]);
      expect([first, second].filter(Boolean)).toHaveLength(1);
      expect(first ?? second).toMatchObject({ role: 'admin', key: expect.stringMatching(/-bootstrap-key-of-at-least-32-characters$/) });
      expect(await store.issueFirstAdmin('bootstrap admin')).toBeUndefined();
      expect(await store.knows((first ?? second)!.key)).toBe(true);
      expect(await store.list()).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('is shared by every process that opens it', async () => {
    const other = place.open();
    try {
      const issued = await other.issue({ name: 'cli', role: 'dpo' });
      expect((await store.authenticate(issued.key))?.id).toBe(issued.id);
      await other.issue({ name: 'admin', role: 'admin' });
      await other.revoke(issued.id);
      expect(await store.authenticate(issued.key)).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});
