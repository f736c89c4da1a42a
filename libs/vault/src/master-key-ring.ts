import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveKey } from './key-derivation';
import { loadMasterKey, parseKey } from './master-key';

/** The files of the master key in the data directory: the current one, and the next one while a rotation runs. */
export const MASTER_KEY_FILE = 'master.key';
export const NEXT_MASTER_KEY_FILE = 'master.key.next';
/** Where a rotation leaves the key it replaced, for the operator to take offline or destroy. */
export const retiredMasterKeyFile = (keyId: string): string => `master.key.retired-${keyId}`;

/**
 * A master key's public name: the first 8 bytes of a key derived from it (HKDF), so naming it
 * reveals nothing of it. Every wrapped data key records the id of the master key that wraps it.
 */
export const masterKeyId = (master: Buffer): string => deriveKey(master, 'key-id').subarray(0, 8).toString('hex');

export interface MasterKey {
  readonly id: string;
  /** The key that wraps data keys, derived from the master key. */
  readonly wrapKey: Buffer;
  /** The master key itself (for the keys derived from it on first use: blind index, event ids). */
  readonly master: Buffer;
}

export const masterKeyEntry = (master: Buffer): MasterKey => ({ id: masterKeyId(master), wrapKey: deriveKey(master, 'wrap'), master });

/**
 * The master keys a vault can unwrap with: the one it started with, and whichever others its
 * source knows when asked again (a rotation in another process writes the next key to its
 * file first; a ledger that meets a key wrapped by an id it does not know reads its sources
 * again). `current` is the key the ledger was started with: new keys are wrapped by the key
 * the vault says (see rotation), which is this one unless a rotation is running.
 */
export class MasterKeyRing {
  private readonly keys = new Map<string, MasterKey>();
  readonly current: MasterKey;

  constructor(
    initial: readonly Buffer[],
    private readonly reload: () => readonly Buffer[] = () => [],
  ) {
    if (initial.length === 0) throw new Error('a master key ring needs at least one key');
    for (const master of initial) this.add(master);
    this.current = this.keys.get(masterKeyId(initial[0]))!;
  }

  /** A ring of one key that never changes (tests, tools). */
  static of(...masters: Buffer[]): MasterKeyRing {
    return new MasterKeyRing(masters);
  }

  /**
   * The ring the configuration names: LEDGER_MASTER_KEY (and LEDGER_MASTER_KEY_NEXT while a
   * rotation of it runs), or the data directory's master.key (created on the first start), plus
   * master.key.next while a rotation runs. Looked at again
   * whenever a key names a master key the ring does not hold.
   */
  static fromConfiguration(configured: string | undefined, dataDir: string, configuredNext?: string): MasterKeyRing {
    const current = loadMasterKey(configured, join(dataDir, MASTER_KEY_FILE));
    const next = configuredNext ? [parseKey(configuredNext, 'LEDGER_MASTER_KEY_NEXT')] : [];
    const fromFiles = (): Buffer[] =>
      [MASTER_KEY_FILE, NEXT_MASTER_KEY_FILE]
        .map((name) => join(dataDir, name))
        .filter((file) => !configured || file.endsWith(NEXT_MASTER_KEY_FILE))
        .filter((file) => existsSync(file))
        .map((file) => parseKey(readFileSync(file, 'utf8').trim(), file));
    return new MasterKeyRing([current, ...next, ...fromFiles()], fromFiles);
  }

  private add(master: Buffer): MasterKey {
    const id = masterKeyId(master);
    const known = this.keys.get(id);
    if (known) return known;
    const entry = masterKeyEntry(master);
    this.keys.set(id, entry);
    return entry;
  }

  /** The master key with this id; its sources are read again when the ring does not hold it. */
  byId(id: string): MasterKey {
    const known = this.keys.get(id);
    if (known) return known;
    for (const master of this.reload()) this.add(master);
    const found = this.keys.get(id);
    if (!found) throw new UnknownMasterKeyError(id);
    return found;
  }

  get ids(): string[] {
    return [...this.keys.keys()];
  }
}

export class UnknownMasterKeyError extends Error {
  constructor(readonly keyId: string) {
    super(
      `the key vault holds keys wrapped by master key ${keyId}, which this ledger does not have ` +
        `(not ${MASTER_KEY_FILE}, not ${NEXT_MASTER_KEY_FILE}, not LEDGER_MASTER_KEY or LEDGER_MASTER_KEY_NEXT): restore that key file, or finish the rotation that made it`,
    );
    this.name = 'UnknownMasterKeyError';
  }
}
