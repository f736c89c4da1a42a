import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { seal } from './aead';
import { blindIndex } from './blind-index';
import { deriveKey } from './key-derivation';
import { describeKeyVaultConformance } from './conformance/key-vault.conformance';
import { SqliteKeyVault } from './sqlite-key-vault';
import { masterKeyId } from './master-key-ring';

describeKeyVaultConformance('sqlite', (() => {
  let dir: string;
  return {
    setUp: async () => {
      dir = mkdtempSync(join(tmpdir(), 'ledger-vault-'));
    },
    open: async (masterKey) => new SqliteKeyVault({ file: join(dir, 'vault.db'), masterKey }),
    tearDown: async () => rmSync(dir, { recursive: true, force: true }),
  };
})());

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
    old.prepare('INSERT INTO subject_names VALUES (?, ?, ?, ?)').run(blindIndex(deriveKey(masterKey, 'blind-index'), 'crm', 'C-1'), 's-1', 'crm', seal(identity, Buffer.from('C-1'), 's-1/name/crm'));
    old.close();

    vault = new SqliteKeyVault({ file, masterKey });
    expect((await vault.keysForReading('s-1')).get('contact')).toEqual(contact);
    expect(await vault.findSubject({ system: 'crm', externalId: 'C-1' })).toBe('s-1');
    expect(vault.eventIdKey()).toEqual(deriveKey(masterKey, 'event-id'));
    expect(await vault.wrappedBy()).toEqual({ [masterKeyId(masterKey)]: 4 });
  });
});
