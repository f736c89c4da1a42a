import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { SqliteKeyVault } from '../sqlite-key-vault';
import { reapplyErasures } from './reapply-erasures';

describe('reapplyErasures', () => {
  let dir: string;
  let store: SqliteEventStore;
  let vault: SqliteKeyVault;
  const masterKey = randomBytes(32);
  const openVault = () => new SqliteKeyVault({ file: join(dir, 'vault.db'), masterKey });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-reapply-'));
    store = new SqliteEventStore({ file: join(dir, 'events.db') });
    vault = openVault();
  });
  afterEach(async () => {
    await vault.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const subject = async (externalId: string) => (await vault.prepare([{ name: { system: 'crm', externalId }, groups: ['identity', 'contact'] }]))[0].subjectId;
  const shred = async (subjectId: string) => {
    await vault.shred(subjectId, ['identity', 'contact']);
    await store.append(`subject-${subjectId}`, [
      { id: randomUUID(), type: 'SubjectDataShredded', data: { keyGroups: ['identity', 'contact'], reason: 'erasure' }, metadata: { subjectId } },
    ]);
  };
  const backUpVault = async () => {
    await vault.close();
    copyFileSync(join(dir, 'vault.db'), join(dir, 'backup.db'));
    vault = openVault();
  };
  const restoreVault = async () => {
    await vault.close();
    for (const suffix of ['-wal', '-shm']) rmSync(join(dir, `vault.db${suffix}`), { force: true });
    copyFileSync(join(dir, 'backup.db'), join(dir, 'vault.db'));
    vault = openVault();
  };

  it('destroys again what a restored vault still holds, reading only the log after the mark the backup carries', async () => {
    const first = await subject('C-1');
    await shred(first);
    await store.append('other-1', [{ id: randomUUID(), type: 'Noise', data: {} }]);
    expect(await reapplyErasures(store, vault)).toMatchObject({ from: null, eventsRead: 2, shreddings: 1, reapplied: [] });
    expect(await vault.erasuresAppliedThrough()).toEqual({ commit: 2, prepare: 2 });

    const second = await subject('C-2');
    await backUpVault();
    await shred(second);
    await restoreVault();
    expect((await vault.keysForReading(second)).get('contact')).toBeInstanceOf(Buffer);

    // The backup's mark is 2: only the shredding since is read, and applied again.
    expect(await reapplyErasures(store, vault)).toMatchObject({
      from: { commit: 2 },
      eventsRead: 1,
      shreddings: 1,
      reapplied: [{ subjectId: second, keyGroups: ['identity', 'contact'] }],
    });
    expect([...(await vault.keysForReading(second)).values()]).toEqual([null, null]);
    expect(await vault.findSubject({ system: 'crm', externalId: 'C-2' })).toBeUndefined();
    expect(await reapplyErasures(store, vault)).toMatchObject({ from: { commit: 3 }, eventsRead: 0, reapplied: [] });
    expect(await reapplyErasures(store, vault, { fromStart: true })).toMatchObject({ from: null, eventsRead: 3, shreddings: 2, reapplied: [] });
  });

  it('reads the whole log when the mark lies beyond its head (another log, or one restored to an older state)', async () => {
    const first = await subject('C-3');
    await backUpVault();
    await shred(first);
    await restoreVault();
    await vault.markErasuresApplied({ commit: 99, prepare: 99 });
    expect(await reapplyErasures(store, vault)).toMatchObject({ from: null, eventsRead: 1, reapplied: [{ subjectId: first }] });
  });

  it('leaves a tombstone for a group the restored vault never had, so no key for it is made later', async () => {
    const [{ subjectId }] = await vault.prepare([{ name: { system: 'crm', externalId: 'C-4' }, groups: ['identity'] }]);
    await backUpVault();
    await vault.prepare([{ subjectId, groups: ['contact'] }]);
    await shred(subjectId);
    await restoreVault();
    expect((await vault.keysForReading(subjectId)).has('contact')).toBe(false);
    await reapplyErasures(store, vault);
    const [again] = await vault.prepare([{ subjectId, groups: ['contact'] }]);
    expect(again.keys.get('contact')).toBeNull();
  });
});
