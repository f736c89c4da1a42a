import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { MASTER_KEY_BYTES, parseKey } from '../master-key';
import { MASTER_KEY_FILE, MasterKeyRing, NEXT_MASTER_KEY_FILE, masterKeyId, retiredMasterKeyFile } from '../master-key-ring';
import { loadOrCreateSecretFile } from '../secret-file';
import type { RotatableKeyVault } from './master-key-rotation';

export interface RotateMasterKeyOptions {
  dataDir: string;
  /** LEDGER_MASTER_KEY: the key comes from the environment (a secret store), and so must the next one. */
  configuredKey?: string;
  /** LEDGER_MASTER_KEY_NEXT: with LEDGER_MASTER_KEY, the key to move to (every ledger must have been started with it). */
  configuredNextKey?: string;
  /** Opens the configured vault with the ring of both keys. */
  openVault(ring: MasterKeyRing): Promise<RotatableKeyVault>;
  /** Keys rewrapped per transaction. */
  batchSize?: number;
  /** A pause between batches, to go easy on a database that serves meanwhile. */
  pauseMs?: number;
  onProgress?(progress: { rewrapped: number; total: number }): void;
}

export interface MasterKeyRotation {
  from: string;
  to: string;
  /** Keys and secrets rewrapped by this run (a rerun counts only what was left). */
  rewrapped: number;
  /** The replaced key's file, for the operator to take offline or destroy; null when the keys come from the environment. */
  retiredFile: string | null;
}

/**
 * `keys rotate-master`: every data key (and the vault's own secrets) rewrapped under a new
 * master key, while ledgers keep serving. Resumable at every step:
 *
 * 1. The new key is written to master.key.next (durably) before anything is wrapped by it; a
 *    rerun finds it and goes on with it.
 * 2. The vault is told to wrap new keys with it (after every key maker that started under the
 *    old one has committed), so the pass that follows cannot miss one. Ledgers that meet the
 *    new key's id read master.key.next.
 * 3. Keys are rewrapped in batches, each one transaction that records, per key, the id of the
 *    master key that wraps it: a crash leaves each key whole under the old key or the new.
 * 4. Only when no key is left under another master key: the old key is copied to
 *    master.key.retired-<id>, and master.key.next replaces master.key (one rename).
 *
 * With LEDGER_MASTER_KEY (a secret store) there are no files to write: the new key is
 * LEDGER_MASTER_KEY_NEXT, which every ledger must have been started with before, and step 4 is
 * the operator's: make it LEDGER_MASTER_KEY, drop LEDGER_MASTER_KEY_NEXT, restart.
 */
export async function rotateMasterKey(options: RotateMasterKeyOptions): Promise<MasterKeyRotation> {
  if (options.configuredKey) {
    if (!options.configuredNextKey) {
      throw new Error(
        'LEDGER_MASTER_KEY is set: give the new key as LEDGER_MASTER_KEY_NEXT, to every ledger first (restart them one by one) and to this command; ' +
          'afterwards make it LEDGER_MASTER_KEY and drop LEDGER_MASTER_KEY_NEXT (docs/key-vault.md)',
      );
    }
    const current = parseKey(options.configuredKey, 'LEDGER_MASTER_KEY');
    const next = parseKey(options.configuredNextKey, 'LEDGER_MASTER_KEY_NEXT');
    const rewrapped = await rewrapAll(options, current, next);
    return { from: masterKeyId(current), to: masterKeyId(next), rewrapped, retiredFile: null };
  }
  const currentFile = join(options.dataDir, MASTER_KEY_FILE);
  const nextFile = join(options.dataDir, NEXT_MASTER_KEY_FILE);
  if (!existsSync(currentFile)) throw new Error(`${currentFile} does not exist: there is no master key to rotate`);
  const currentText = readFileSync(currentFile, 'utf8');
  const current = parseKey(currentText.trim(), currentFile);
  const next = parseKey(loadOrCreateSecretFile(nextFile, () => randomBytes(MASTER_KEY_BYTES).toString('base64') + '\n').trim(), nextFile);
  const rewrapped = await rewrapAll(options, current, next);
  const retiredFile = join(options.dataDir, retiredMasterKeyFile(masterKeyId(current)));
  loadOrCreateSecretFile(retiredFile, () => currentText);
  renameSync(nextFile, currentFile);
  syncDirectory(options.dataDir);
  return { from: masterKeyId(current), to: masterKeyId(next), rewrapped, retiredFile };
}

/** Steps 2 and 3: the vault wraps new keys with `next`, and every key wrapped by another master key is rewrapped. */
async function rewrapAll(options: RotateMasterKeyOptions, current: Buffer, next: Buffer): Promise<number> {
  const to = masterKeyId(next);
  if (to === masterKeyId(current)) throw new Error('the next master key is the current one: nothing to rotate to');
  const vault = await options.openVault(new MasterKeyRing([current, next]));
  let rewrapped = 0;
  try {
    await vault.wrapWith(to);
    const leftUnder = async () => Object.entries(await vault.wrappedBy()).filter(([id, n]) => id !== to && n > 0);
    const total = (await leftUnder()).reduce((sum, [, n]) => sum + n, 0);
    options.onProgress?.({ rewrapped, total });
    // One pass suffices (new keys are wrapped by the new key since step 2); a second only if a key was left.
    for (let pass = 0; pass < 3 && (await leftUnder()).length > 0; pass++) {
      let cursor = null;
      do {
        const batch = await vault.rewrapBatch(to, options.batchSize ?? 500, cursor);
        rewrapped += batch.rewrapped;
        cursor = batch.next;
        options.onProgress?.({ rewrapped, total });
        if (cursor && options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
      } while (cursor);
    }
    const left = await leftUnder();
    if (left.length) throw new Error(`keys are still wrapped by ${left.map(([id, n]) => `${id} (${n})`).join(', ')} after rewrapping; run the command again`);
  } finally {
    await vault.close();
  }
  return rewrapped;
}

function syncDirectory(directory: string): void {
  const fd = openSync(directory, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
