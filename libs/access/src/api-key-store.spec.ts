import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LastAdminKeyError, UnknownApiKeyError } from './api-key-errors';
import { API_KEY_PREFIX } from './api-key-secret';
import { ApiKeyStore } from './api-key-store';

describe('ApiKeyStore', () => {
  let dir: string;
  let store: ApiKeyStore;
  const now = () => new Date('2025-05-01T12:00:00Z');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-keys-'));
    store = new ApiKeyStore(join(dir, 'access.db'), now);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues 256-bit keys with a recognisable prefix and finds them by their secret', () => {
    const issued = store.issue({ name: 'crm', role: 'emitter', systems: ['crm'] });
    expect(issued.key).toMatch(/^plk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(issued.key.slice(API_KEY_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(store.authenticate(issued.key)).toEqual({ id: issued.id, name: 'crm', role: 'emitter', systems: ['crm'], createdAt: '2025-05-01T12:00:00.000Z' });
    expect(store.authenticate(issued.key.slice(0, -1) + (issued.key.endsWith('A') ? 'B' : 'A'))).toBeUndefined();
  });

  it('keeps no secret in its files, only hashes', () => {
    const issued = store.issue({ name: 'dpo', role: 'dpo' });
    store.close();
    for (const file of readdirSync(dir)) {
      expect(readFileSync(join(dir, file)).includes(issued.key)).toBe(false);
      expect(readFileSync(join(dir, file)).includes(issued.key.slice(API_KEY_PREFIX.length))).toBe(false);
    }
  });

  it('gives systems to emitter keys only', () => {
    expect(store.issue({ name: 'r', role: 'regulator', systems: ['crm'] }).systems).toEqual([]);
  });

  it('revokes at once, keeps the revoked key listed, and revokes idempotently', () => {
    store.issue({ name: 'admin', role: 'admin' });
    const dpo = store.issue({ name: 'dpo', role: 'dpo' });
    const revoked = store.revoke(dpo.id);
    expect(revoked.revokedAt).toBe('2025-05-01T12:00:00.000Z');
    expect(store.authenticate(dpo.key)).toBeUndefined();
    expect(store.revoke(dpo.id)).toEqual(revoked);
    expect(store.list().map((k) => [k.name, k.revokedAt])).toEqual([
      ['admin', undefined],
      ['dpo', '2025-05-01T12:00:00.000Z'],
    ]);
    expect(() => store.revoke('ffffffffffffffff')).toThrow(UnknownApiKeyError);
  });

  it('never revokes the last active admin key', () => {
    const first = store.issue({ name: 'first', role: 'admin' });
    expect(() => store.revoke(first.id)).toThrow(LastAdminKeyError);
    const second = store.issue({ name: 'second', role: 'admin' });
    store.revoke(first.id);
    expect(() => store.revoke(second.id)).toThrow(LastAdminKeyError);
  });

  it('creates the first admin key only while there is no key at all', () => {
    const first = store.issueFirstAdmin('bootstrap admin', 'a-bootstrap-key-of-at-least-32-characters');
    expect(first).toMatchObject({ role: 'admin', key: 'a-bootstrap-key-of-at-least-32-characters' });
    expect(store.issueFirstAdmin('bootstrap admin')).toBeUndefined();
    expect(store.knows('a-bootstrap-key-of-at-least-32-characters')).toBe(true);
    expect(store.list()).toHaveLength(1);
  });

  it('is shared by every process that opens the same file', () => {
    const other = new ApiKeyStore(join(dir, 'access.db'), now);
    try {
      const issued = other.issue({ name: 'cli', role: 'dpo' });
      expect(store.authenticate(issued.key)?.id).toBe(issued.id);
      other.issue({ name: 'admin', role: 'admin' });
      other.revoke(issued.id);
      expect(store.authenticate(issued.key)).toBeUndefined();
    } finally {
      other.close();
    }
  });
});
