import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnknownSubjectError } from './key-vault';
import { SqliteKeyVault } from './sqlite-key-vault';

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

  it('finds a subject by the name it was created under, and keeps its keys across restarts', async () => {
    const [created] = await vault.prepare([{ name: { system: 'crm', externalId: 'C-1' }, groups: ['identity', 'contact'] }]);
    expect(created.created).toBe(true);
    const [again] = await vault.prepare([{ name: { system: 'crm', externalId: 'C-1' }, groups: ['contact'] }]);
    expect(again).toMatchObject({ subjectId: created.subjectId, created: false });
    // Closing wipes the keys held in memory: keep a copy to compare.
    const contact = Buffer.from(created.keys.get('contact')!);
    await vault.close();
    vault = open();
    expect(await vault.findSubject({ system: 'crm', externalId: 'C-1' })).toBe(created.subjectId);
    expect((await vault.keysForReading(created.subjectId)).get('contact')).toEqual(contact);
    expect(await vault.namesOf(created.subjectId)).toEqual([{ system: 'crm', externalId: 'C-1' }]);
  });

  it('forgets a subject created by a request that failed with its neighbour', async () => {
    const name = { system: 'crm', externalId: 'C-2' };
    await expect(vault.prepare([{ name, groups: ['identity'] }, { subjectId: randomUUID(), groups: ['identity'] }])).rejects.toBeInstanceOf(
      UnknownSubjectError,
    );
    expect(await vault.findSubject(name)).toBeUndefined();
    const [retried] = await vault.prepare([{ name, groups: ['identity'] }]);
    expect(retried.created).toBe(true);
    expect(await vault.subjectExists(retried.subjectId)).toBe(true);
    const identity = Buffer.from(retried.keys.get('identity')!);
    await vault.close();
    vault = open();
    expect((await vault.keysForReading(retried.subjectId)).get('identity')).toEqual(identity);
  });

  it('shreds groups for good: no key to read, none made again, the name forgotten with identity', async () => {
    const [s] = await vault.prepare([{ name: { system: 'crm', externalId: 'C-3' }, groups: ['identity', 'fiscal'] }]);
    await vault.shred(s.subjectId, ['identity', 'contact']);
    const keys = await vault.keysForReading(s.subjectId);
    expect(keys.get('identity')).toBeNull();
    expect(keys.get('fiscal')).toBeInstanceOf(Buffer);
    const [after] = await vault.prepare([{ subjectId: s.subjectId, groups: ['contact'] }]);
    expect(after.keys.get('contact')).toBeNull();
    expect(await vault.findSubject({ system: 'crm', externalId: 'C-3' })).toBeUndefined();
    expect(await vault.namesOf(s.subjectId)).toEqual([]);
  });
});
