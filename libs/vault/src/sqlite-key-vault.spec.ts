import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { InvalidSubjectNameError } from '@ledger/domain';
import { seal } from './aead';
import { blindIndex } from './blind-index';
import { deriveKey } from './key-derivation';
import { UnknownSubjectError } from './key-vault';
import { SqliteKeyVault } from './sqlite-key-vault';
import { SqliteEventStore } from '@ledger/event-store';

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

  it('gives every spelling of a name one subject, and keeps the name in its normal form', async () => {
    const [created] = await vault.prepare([{ name: { system: 'crm', externalId: 'C-2001' }, groups: ['identity'] }]);
    const spellings = ['C\u20112001', 'Ｃ－２００１', 'C\u22122001'];
    const prepared = await vault.prepare(spellings.map((externalId) => ({ name: { system: 'ｃｒｍ', externalId }, groups: ['contact'] })));
    expect(prepared.map((p) => [p.subjectId, p.created])).toEqual(spellings.map(() => [created.subjectId, false]));
    for (const externalId of spellings) expect(await vault.findSubject({ system: 'crm', externalId })).toBe(created.subjectId);
    const [nfd] = await vault.prepare([{ name: { system: 'crm', externalId: 'Jose\u0301' }, groups: [] }]);
    expect(await vault.findSubject({ system: 'crm', externalId: 'Jos\u00e9' })).toBe(nfd.subjectId);
    expect(await vault.namesOf(nfd.subjectId)).toEqual([{ system: 'crm', externalId: 'Jos\u00e9' }]);
  });

  it('refuses names that cannot be normalised, creating nothing', async () => {
    for (const externalId of ['C-\u200b2001', 'C-2001 ', '\u0421-2001']) {
      await expect(vault.prepare([{ name: { system: 'crm', externalId }, groups: ['identity'] }])).rejects.toBeInstanceOf(InvalidSubjectNameError);
    }
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
