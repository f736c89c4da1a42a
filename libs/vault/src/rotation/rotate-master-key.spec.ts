import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseKey } from '../master-key';
import { MasterKeyRing, masterKeyId } from '../master-key-ring';
import { SqliteKeyVault } from '../sqlite-key-vault';
import { rotateMasterKey } from './rotate-master-key';

describe('rotateMasterKey', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-rotate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const openVault = async (ring: MasterKeyRing) => new SqliteKeyVault({ file: join(dir, 'vault.db'), masterKey: ring });
  const seed = async (ring: MasterKeyRing, n = 25) => {
    const vault = await openVault(ring);
    const prepared = await vault.prepare(
      Array.from({ length: n }, (_, i) => ({ name: { system: 'crm', externalId: `C-${i}` }, groups: ['identity' as const, 'contact' as const] })),
    );
    const copies = new Map(prepared.map((p) => [p.subjectId, Buffer.from(p.keys.get('contact')!)]));
    await vault.close();
    return copies;
  };
  const readsAll = async (ring: MasterKeyRing, copies: Map<string, Buffer>) => {
    const vault = await openVault(ring);
    try {
      for (const [subjectId, contact] of copies) expect((await vault.keysForReading(subjectId)).get('contact')).toEqual(contact);
      expect(await vault.findSubject({ system: 'crm', externalId: 'C-3' })).toBeDefined();
    } finally {
      await vault.close();
    }
  };
  const keyIn = (file: string) => parseKey(readFileSync(join(dir, file), 'utf8').trim(), file);

  it('with key files: a rerun after a crash goes on with master.key.next, then swaps the files and keeps the old key apart', async () => {
    const copies = await seed(MasterKeyRing.fromConfiguration(undefined, dir));
    const old = keyIn('master.key');
    // The crash: the first run got as far as wrapping new keys with the next key and one batch.
    let crashed = false;
    await expect(
      rotateMasterKey({
        dataDir: dir,
        batchSize: 10,
        openVault,
        onProgress: ({ rewrapped }) => {
          if (rewrapped > 0 && !crashed) {
            crashed = true;
            throw new Error('killed');
          }
        },
      }),
    ).rejects.toThrow('killed');
    const next = keyIn('master.key.next');
    // Meanwhile a ledger (its ring reads master.key.next) reads every key.
    await readsAll(MasterKeyRing.fromConfiguration(undefined, dir), copies);

    const result = await rotateMasterKey({ dataDir: dir, batchSize: 10, openVault });
    expect(result).toMatchObject({ from: masterKeyId(old), to: masterKeyId(next), retiredFile: join(dir, `master.key.retired-${masterKeyId(old)}`) });
    expect(keyIn('master.key')).toEqual(next);
    expect(keyIn(`master.key.retired-${masterKeyId(old)}`)).toEqual(old);
    rmSync(result.retiredFile!);
    expect(readdirSync(dir).filter((f) => f.startsWith('master'))).toEqual(['master.key']);
    await readsAll(MasterKeyRing.fromConfiguration(undefined, dir), copies);
  });

  it('with LEDGER_MASTER_KEY: needs LEDGER_MASTER_KEY_NEXT, rewraps to it and touches no file', async () => {
    const [old, next] = [randomBytes(32), randomBytes(32)];
    const copies = await seed(MasterKeyRing.of(old));
    await expect(rotateMasterKey({ dataDir: dir, configuredKey: old.toString('base64'), openVault })).rejects.toThrow(/LEDGER_MASTER_KEY_NEXT/);
    const result = await rotateMasterKey({ dataDir: dir, configuredKey: old.toString('base64'), configuredNextKey: next.toString('hex'), openVault });
    expect(result).toMatchObject({ from: masterKeyId(old), to: masterKeyId(next), rewrapped: 2 * 25 + 2, retiredFile: null });
    expect(existsSync(join(dir, 'master.key'))).toBe(false);
    await readsAll(MasterKeyRing.of(next), copies);
    await expect(openVault(MasterKeyRing.of(old))).rejects.toThrow(/master key/);
  });
});
