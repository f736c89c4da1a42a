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
});
