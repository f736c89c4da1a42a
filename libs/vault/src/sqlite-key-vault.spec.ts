import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { seal } from './aead';
import { blindIndex } from './blind-index';
import { deriveKey } from './key-derivation';
import { describeKeyVaultConformance } from './conformance/key-vault.conformance';
import { SqliteKeyVault } from './sqlite-key-vault';
import { SqliteEventStore } from '@ledger/event-store';
import { masterKeyId } from './master-key-ring';

describeKeyVaultConformance(
  'sqlite',
  (() => {
    let dir: string;
    return {
      setUp: async () => {
        dir = mkdtempSync(join(tmpdir(), 'ledger-vault-'));
      },
      open: async (masterKey) => new SqliteKeyVault({ file: join(dir, 'vault.db'), masterKey }),
      tearDown: async () => rmSync(dir, { recursive: true, force: true }),
    };
  })(),
);

describe('SqliteKeyVault', () => {
  let dir: string;
  let vault: SqliteKeyVault;
  const masterKey = randomBytes(32);
  const open = () => new SqliteKeyVault({ file: join(dir, 'vault.db'), masterKey });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-vault-'));
    vault = open();
  });
  afterEach(async () => {
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the blind index of a name that was already in normal form', async () => {
    const [created] = await vault.prepare([{ name: { system: 'crm', externalId: 'C-7' }, groups: ['identity'] }]);
    await vault.close();
    const db = new Database(join(dir, 'vault.db'), { readonly: true });
    const row = db.prepare('SELECT subject_id FROM subject_names WHERE blind_index = ?').get(blindIndex(deriveKey(masterKey, 'blind-index'), 'crm', 'C-7'));
    db.close();
    vault = open();
    expect(row).toEqual({ subject_id: created.subjectId });
  });

  it('finds a name recorded before normalisation as it was given, and moves it to its normal form on first use', async () => {
    // What an older ledger wrote for the full-width spelling: its index over the name as given.
    const [legacy] = await vault.prepare([{ name: { system: 'crm', externalId: 'other' }, groups: ['identity'] }]);
    const identity = legacy.keys.get('identity')!;
    await vault.close();
    const db = new Database(join(dir, 'vault.db'));
    const indexKey = deriveKey(masterKey, 'blind-index');
    db.prepare('DELETE FROM subject_names').run();
    db.prepare('INSERT INTO subject_names VALUES (?, ?, ?, ?)').run(
      blindIndex(indexKey, 'crm', 'Ｃ－８'),
      legacy.subjectId,
      'crm',
      seal(identity, Buffer.from('Ｃ－８'), `${legacy.subjectId}/name/crm`),
    );
    db.close();
    vault = open();

    expect(await vault.findSubject({ system: 'crm', externalId: 'Ｃ－８' })).toBe(legacy.subjectId);
    expect(await vault.findSubject({ system: 'crm', externalId: 'C-8' })).toBeUndefined();
    const [again] = await vault.prepare([{ name: { system: 'crm', externalId: 'Ｃ－８' }, groups: [] }]);
    expect(again).toMatchObject({ subjectId: legacy.subjectId, created: false });
    expect(await vault.findSubject({ system: 'crm', externalId: 'C-8' })).toBe(legacy.subjectId);
    expect(await vault.namesOf(legacy.subjectId)).toEqual([{ system: 'crm', externalId: 'C-8' }]);
  });

  it('opens a vault.db written before master-key rotation: its keys, names and event ids are what they were', async () => {
    await vault.close();
    const file = join(dir, 'old-vault.db');
    const old = new Database(file);
    old.exec(`CREATE TABLE subjects (subject_id TEXT PRIMARY KEY, created_at TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE subject_names (blind_index BLOB PRIMARY KEY, subject_id TEXT NOT NULL, system TEXT NOT NULL, external_id BLOB NOT NULL) WITHOUT ROWID;
      CREATE TABLE subject_keys (subject_id TEXT NOT NULL, key_group TEXT NOT NULL, wrapped BLOB, shredded_at TEXT, PRIMARY KEY (subject_id, key_group)) WITHOUT ROWID;`);
    const contact = randomBytes(32);
    const identity = randomBytes(32);
    const wrapKey = deriveKey(masterKey, 'wrap');
    old.prepare('INSERT INTO subjects VALUES (?, ?)').run('s-1', '2025-01-01T00:00:00Z');
    old.prepare('INSERT INTO subject_keys (subject_id, key_group, wrapped) VALUES (?, ?, ?)').run('s-1', 'contact', seal(wrapKey, contact, 's-1/contact'));
    old.prepare('INSERT INTO subject_keys (subject_id, key_group, wrapped) VALUES (?, ?, ?)').run('s-1', 'identity', seal(wrapKey, identity, 's-1/identity'));
    old
      .prepare('INSERT INTO subject_names VALUES (?, ?, ?, ?)')
      .run(blindIndex(deriveKey(masterKey, 'blind-index'), 'crm', 'C-1'), 's-1', 'crm', seal(identity, Buffer.from('C-1'), 's-1/name/crm'));
    old.close();

    vault = new SqliteKeyVault({ file, masterKey });
    expect((await vault.keysForReading('s-1')).get('contact')).toEqual(contact);
    expect(await vault.findSubject({ system: 'crm', externalId: 'C-1' })).toBe('s-1');
    expect(vault.eventIdKey()).toEqual(deriveKey(masterKey, 'event-id'));
    expect(await vault.wrappedBy()).toEqual({ [masterKeyId(masterKey)]: 4 });
  });

  describe("durability 'on-sync' (the server's, with the embedded event store)", () => {
    let deferred: SqliteKeyVault;
    beforeEach(() => {
      deferred = new SqliteKeyVault({ file: join(dir, 'deferred.db'), masterKey, durability: 'on-sync' });
    });
    afterEach(() => deferred.close());

    it('asks for an fsync only after a commit, once for all commits before it, and never for known subjects', async () => {
      expect(deferred.sync()).toBeUndefined();
      const [a] = await deferred.prepare([{ name: { system: 'crm', externalId: 'C-10' }, groups: ['identity', 'contact'] }]);
      await deferred.prepare([{ name: { system: 'crm', externalId: 'C-11' }, groups: ['identity'] }]);
      const sync = deferred.sync();
      expect(sync).toBeInstanceOf(Promise);
      expect(deferred.sync()).toBe(sync); // a second caller shares the fsync that covers its commits
      await sync;
      expect(deferred.sync()).toBeUndefined();
      const [again] = await deferred.prepare([{ name: { system: 'crm', externalId: 'C-10' }, groups: ['contact'] }]);
      expect(again).toMatchObject({ subjectId: a.subjectId, created: false });
      expect(deferred.sync()).toBeUndefined(); // served from memory: nothing written, nothing to sync
    });

    it('starts a new fsync for commits made while one was under way', async () => {
      await deferred.prepare([{ name: { system: 'crm', externalId: 'C-12' }, groups: ['identity'] }]);
      const first = deferred.sync()!;
      await deferred.prepare([{ name: { system: 'crm', externalId: 'C-13' }, groups: ['identity'] }]);
      const second = deferred.sync()!;
      expect(second).not.toBe(first);
      await Promise.all([first, second]);
      expect(deferred.sync()).toBeUndefined();
    });

    it('is synced by the event store before events sealed with its new keys commit (the server wiring)', async () => {
      const pendingAtCommit: boolean[] = [];
      const store = new SqliteEventStore({
        file: join(dir, 'events.db'),
        beforeCommit: () => deferred.sync(),
        // At each commit: is there a vault commit not yet on disk?
        onCommit: () => pendingAtCommit.push(deferred.sync() !== undefined),
      });
      try {
        const appends = Array.from({ length: 20 }, async (_, i) => {
          const [subject] = await deferred.prepare([{ name: { system: 'crm', externalId: `C-2${i}` }, groups: ['identity'] }]);
          expect(subject.created).toBe(true);
          return store.append(`subject-${subject.subjectId}`, [{ id: randomUUID(), type: 'ConsentGiven', data: {}, metadata: {} }]);
        });
        await Promise.all(appends);
        expect(pendingAtCommit.length).toBeGreaterThan(0);
        expect(pendingAtCommit).not.toContain(true);
      } finally {
        await store.close();
      }
    });

    it('keeps what it committed across a reopen', async () => {
      const [created] = await deferred.prepare([{ name: { system: 'crm', externalId: 'C-14' }, groups: ['identity', 'contact'] }]);
      const contact = Buffer.from(created.keys.get('contact')!);
      await deferred.sync();
      await deferred.close();
      deferred = new SqliteKeyVault({ file: join(dir, 'deferred.db'), masterKey, durability: 'on-sync' });
      expect(await deferred.findSubject({ system: 'crm', externalId: 'C-14' })).toBe(created.subjectId);
      expect((await deferred.keysForReading(created.subjectId)).get('contact')).toEqual(contact);
    });
  });
});
