import { randomBytes, randomUUID } from 'node:crypto';
import { InvalidSubjectNameError } from '@ledger/domain';
import { UnknownSubjectError } from '../key-vault';
import { MasterKeyRing, masterKeyId } from '../master-key-ring';
import type { RewrapCursor, RotatableKeyVault } from '../rotation/master-key-rotation';

/** A vault store to test: fresh storage per test; `open` may be called again on the same storage (a restart). */
export interface KeyVaultTarget {
  /** Prepares empty storage for one test. */
  setUp(): Promise<void>;
  /** A vault on the test's storage with these master keys; each call is a new instance, as after a restart. */
  open(masterKey: Buffer | MasterKeyRing): Promise<RotatableKeyVault>;
  /** Removes the test's storage (after every vault opened was closed). */
  tearDown(): Promise<void>;
}

/**
 * What every KeyVault store must do, whichever the storage: the embedded SQLite file and
 * PostgreSQL run the same cases (libs/vault/src/*-key-vault.spec.ts).
 */
export function describeKeyVaultConformance(store: string, target: KeyVaultTarget): void {
  describe(`KeyVault conformance: ${store}`, () => {
    let vault: RotatableKeyVault;
    const masterKey = randomBytes(32);
    const reopen = async (keys: Buffer | MasterKeyRing = masterKey) => {
      await vault.close();
      vault = await target.open(keys);
    };

    beforeEach(async () => {
      await target.setUp();
      vault = await target.open(masterKey);
    });
    afterEach(async () => {
      await vault.close();
      await target.tearDown();
    });

    it('finds a subject by the name it was created under, and keeps its keys across restarts', async () => {
      const [created] = await vault.prepare([{ name: { system: 'crm', externalId: 'C-1' }, groups: ['identity', 'contact'] }]);
      expect(created.created).toBe(true);
      const [again] = await vault.prepare([{ name: { system: 'crm', externalId: 'C-1' }, groups: ['contact'] }]);
      expect(again).toMatchObject({ subjectId: created.subjectId, created: false });
      expect(again.keys.get('contact')).toEqual(created.keys.get('contact'));
      // Closing wipes the keys held in memory: keep a copy to compare.
      const contact = Buffer.from(created.keys.get('contact')!);
      await reopen();
      expect(await vault.findSubject({ system: 'crm', externalId: 'C-1' })).toBe(created.subjectId);
      expect(await vault.subjectExists(created.subjectId)).toBe(true);
      expect((await vault.keysForReading(created.subjectId)).get('contact')).toEqual(contact);
      expect(await vault.namesOf(created.subjectId)).toEqual([{ system: 'crm', externalId: 'C-1' }]);
      const [byId] = await vault.prepare([{ subjectId: created.subjectId, groups: ['fiscal'] }]);
      expect(byId.keys.get('contact')).toEqual(contact);
      expect(byId.keys.get('fiscal')).toHaveLength(32);
    });

    it('gives a batch that names one subject twice one subject, and a batch of many their own', async () => {
      const names = Array.from({ length: 20 }, (_, i) => ({ system: 'crm', externalId: `B-${i}` }));
      const prepared = await vault.prepare([...names, names[0]].map((name) => ({ name, groups: ['identity' as const, 'contact' as const] })));
      expect(new Set(prepared.map((p) => p.subjectId)).size).toBe(20);
      expect(prepared[20].subjectId).toBe(prepared[0].subjectId);
      expect(prepared[20].keys.get('contact')).toEqual(prepared[0].keys.get('contact'));
    });

    it('forgets a subject created by a request that failed with its neighbour', async () => {
      const name = { system: 'crm', externalId: 'C-2' };
      await expect(
        vault.prepare([
          { name, groups: ['identity'] },
          { subjectId: randomUUID(), groups: ['identity'] },
        ]),
      ).rejects.toBeInstanceOf(UnknownSubjectError);
      expect(await vault.findSubject(name)).toBeUndefined();
      const [retried] = await vault.prepare([{ name, groups: ['identity'] }]);
      expect(retried.created).toBe(true);
      expect(await vault.subjectExists(retried.subjectId)).toBe(true);
      const identity = Buffer.from(retried.keys.get('identity')!);
      await reopen();
      expect((await vault.keysForReading(retried.subjectId)).get('identity')).toEqual(identity);
    });

    it('shreds groups for good: no key to read, none made again, the name forgotten with identity, also after a restart', async () => {
      const [s] = await vault.prepare([{ name: { system: 'crm', externalId: 'C-3' }, groups: ['identity', 'fiscal'] }]);
      await vault.shred(s.subjectId, ['identity', 'contact']);
      for (let round = 0; round < 2; round++) {
        const keys = await vault.keysForReading(s.subjectId);
        expect(keys.get('identity')).toBeNull();
        expect(keys.get('contact')).toBeNull();
        expect(keys.get('fiscal')).toBeInstanceOf(Buffer);
        const [after] = await vault.prepare([{ subjectId: s.subjectId, groups: ['contact'] }]);
        expect(after.keys.get('contact')).toBeNull();
        expect(await vault.findSubject({ system: 'crm', externalId: 'C-3' })).toBeUndefined();
        expect(await vault.namesOf(s.subjectId)).toEqual([]);
        await reopen();
      }
      // The same name now is someone new.
      const [again] = await vault.prepare([{ name: { system: 'crm', externalId: 'C-3' }, groups: ['identity'] }]);
      expect(again).toMatchObject({ created: true });
      expect(again.subjectId).not.toBe(s.subjectId);
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

    it('keeps the erasure mark with its keys, across restarts', async () => {
      expect(await vault.erasuresAppliedThrough()).toBeNull();
      await vault.markErasuresApplied({ commit: 12, prepare: 11 });
      await vault.markErasuresApplied({ commit: 9_007_199_254_740, prepare: 9_007_199_254_739 });
      await reopen();
      expect(await vault.erasuresAppliedThrough()).toEqual({ commit: 9_007_199_254_740, prepare: 9_007_199_254_739 });
    });

    it('rotates the master key resumably: half-way every key opens under the old or the new, afterwards under the new alone', async () => {
      const names = Array.from({ length: 30 }, (_, i) => ({ system: 'crm', externalId: `R-${i}` }));
      const before = await vault.prepare(names.map((name) => ({ name, groups: ['identity' as const, 'contact' as const] })));
      const copies = before.map((p) => [p.subjectId, Buffer.from(p.keys.get('contact')!), Buffer.from(p.keys.get('identity')!)] as const);
      const eventIdKey = Buffer.from(vault.eventIdKey());
      await vault.shred(before[0].subjectId, ['contact']);
      const next = randomBytes(32);
      const [oldId, newId] = [masterKeyId(masterKey), masterKeyId(next)];
      expect(await vault.wrappingKeyId()).toBe(oldId);

      await reopen(new MasterKeyRing([masterKey, next]));
      await vault.wrapWith(newId);
      const half = await vault.rewrapBatch(newId, 20, null);
      expect(half.rewrapped).toBe(22); // two secrets and 20 keys
      // A subject made now (by a ledger that started before the rotation) is wrapped by the new key.
      const [late] = await vault.prepare([{ name: { system: 'crm', externalId: 'late' }, groups: ['contact'] }]);
      const lateContact = Buffer.from(late.keys.get('contact')!);
      const split = await vault.wrappedBy();
      expect(split[oldId]).toBeGreaterThan(0);
      expect(split[newId]).toBeGreaterThan(22);

      // The crash: a restart with both keys reads every key.
      await reopen(new MasterKeyRing([masterKey, next]));
      for (const [subjectId, contact, identity] of copies.slice(1)) {
        const keys = await vault.keysForReading(subjectId);
        expect([keys.get('contact'), keys.get('identity')]).toEqual([contact, identity]);
      }
      // The rerun: a pass from the start finishes.
      let cursor: RewrapCursor | null = null;
      do cursor = (await vault.rewrapBatch(newId, 7, cursor)).next;
      while (cursor);
      expect(Object.keys(await vault.wrappedBy())).toEqual([newId]);

      await reopen(next);
      expect(await vault.wrappingKeyId()).toBe(newId);
      for (const [subjectId, contact, identity] of copies.slice(1)) {
        const keys = await vault.keysForReading(subjectId);
        expect([keys.get('contact'), keys.get('identity')]).toEqual([contact, identity]);
      }
      expect((await vault.keysForReading(before[0].subjectId)).get('contact')).toBeNull();
      expect((await vault.keysForReading(late.subjectId)).get('contact')).toEqual(lateContact);
      // The blind index and the event-id key outlive the key they were derived from.
      expect(await vault.findSubject(names[5])).toBe(before[5].subjectId);
      expect(await vault.namesOf(before[5].subjectId)).toEqual([names[5]]);
      expect(vault.eventIdKey()).toEqual(eventIdKey);
      const [again] = await vault.prepare([{ name: names[7], groups: ['fiscal'] }]);
      expect(again).toMatchObject({ subjectId: before[7].subjectId, created: false });
      // And the old key alone opens nothing.
      await vault.close();
      await expect(target.open(masterKey)).rejects.toThrow(/master key/);
      vault = await target.open(next);
    });
  });
}
