import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PublicSigningKey } from './public-signing-key';
import { loadSigningKey } from './signing-key-file';

/** One signing key of the ledger and when it was in use; times are ISO 8601, null for open-ended. */
export interface SigningKeyEntry {
  /** Hex SHA-256 of the raw public key, as in every signature it made. */
  readonly keyId: string;
  /** The private key's file, beside the key set file. */
  readonly file: string;
  readonly publicKeyBase64: string;
  /** When it started signing; null for the ledger's first key. */
  readonly validFrom: string | null;
  /** When it stopped signing; null while current. */
  readonly validUntil: string | null;
}

interface KeySetFile {
  readonly keys: readonly SigningKeyEntry[];
}

/**
 * The ledger's signing keys: the first in signing.key (as before rotation existed), later ones
 * in signing-<n>.key, listed with their validity periods in signing-keys.json once the first
 * rotation writes it. The newest key signs; the older ones' public halves stay published so
 * that what they signed still verifies. Re-read when the list changes, so a rotation made by
 * the CLI reaches a running server at its next signature.
 */
export class SigningKeyRing {
  private loaded?: { stamp: string; entries: SigningKeyEntry[]; current: KeyObject };

  constructor(
    private readonly firstKeyFile: string,
    private readonly setFile: string,
  ) {}

  /** The ring of the data directory: signing.key and signing-keys.json. */
  static inDirectory(dir: string): SigningKeyRing {
    return new SigningKeyRing(join(dir, 'signing.key'), join(dir, 'signing-keys.json'));
  }

  /** Every key, oldest first. */
  entries(): SigningKeyEntry[] {
    return this.load().entries;
  }

  current(): { privateKey: KeyObject; entry: SigningKeyEntry } {
    const { entries, current } = this.load();
    return { privateKey: current, entry: entries[entries.length - 1] };
  }

  /** Retires the current key as of `now` and starts a new one; returns both. */
  rotate(now: Date): { retired: SigningKeyEntry; started: SigningKeyEntry } {
    const { entries } = this.load();
    const at = now.toISOString();
    const previous = entries[entries.length - 1];
    if (previous.validFrom && previous.validFrom > at)
      throw new Error(`the current key came into use at ${previous.validFrom}, after ${at}: is the clock right?`);
    const privateKey = generateKeyPairSync('ed25519').privateKey;
    const file = `signing-${entries.length + 1}.key`;
    // 'wx': a concurrent rotation fails here rather than overwrite a key.
    writeFileSync(join(dirname(this.setFile), file), privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), { mode: 0o600, flag: 'wx' });
    const started = entryOf(privateKey, file, at, null);
    const retired = { ...previous, validUntil: at };
    const next: KeySetFile = { keys: [...entries.slice(0, -1), retired, started] };
    const temporary = `${this.setFile}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o644 });
    renameSync(temporary, this.setFile);
    this.loaded = undefined;
    return { retired, started };
  }

  private load(): { entries: SigningKeyEntry[]; current: KeyObject } {
    const stat = statSync(this.setFile, { throwIfNoEntry: false });
    const stamp = stat ? `${stat.mtimeMs}/${stat.size}` : 'none';
    if (this.loaded?.stamp === stamp) return this.loaded;
    if (!stat) {
      const key = loadSigningKey(this.firstKeyFile);
      this.loaded = { stamp, entries: [entryOf(key, basename(this.firstKeyFile), null, null)], current: key };
      return this.loaded;
    }
    const entries = parseKeySet(readFileSync(this.setFile, 'utf8'), this.setFile);
    const newest = entries[entries.length - 1];
    const keyFile = join(dirname(this.setFile), newest.file);
    if (!existsSync(keyFile)) throw new Error(`${this.setFile} names ${newest.file} as the current signing key, but there is no such file`);
    const current = createPrivateKey(readFileSync(keyFile, 'utf8'));
    if (new PublicSigningKey(createPublicKey(current)).keyId !== newest.keyId) throw new Error(`${keyFile} does not hold key ${newest.keyId}`);
    this.loaded = { stamp, entries, current };
    return this.loaded;
  }
}

/** Nest injection token for the ledger's SigningKeyRing. */
export const SIGNING_KEY_RING = Symbol('SIGNING_KEY_RING');

function entryOf(privateKey: KeyObject, file: string, validFrom: string | null, validUntil: string | null): SigningKeyEntry {
  const publicKey = new PublicSigningKey(createPublicKey(privateKey));
  return { keyId: publicKey.keyId, file, publicKeyBase64: publicKey.raw.toString('base64'), validFrom, validUntil };
}

function parseKeySet(text: string, where: string): SigningKeyEntry[] {
  const parsed = JSON.parse(text) as Partial<KeySetFile>;
  const keys = parsed?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error(`${where} lists no signing keys`);
  for (const [i, key] of keys.entries()) {
    const ok =
      typeof key?.keyId === 'string' &&
      typeof key.file === 'string' &&
      !key.file.includes('/') &&
      typeof key.publicKeyBase64 === 'string' &&
      (key.validFrom === null || typeof key.validFrom === 'string') &&
      (key.validUntil === null || typeof key.validUntil === 'string');
    if (!ok) throw new Error(`${where}: keys[${i}] must be {keyId, file, publicKeyBase64, validFrom, validUntil}`);
    if (PublicSigningKey.parse(key.publicKeyBase64).keyId !== key.keyId) throw new Error(`${where}: keys[${i}] has a keyId that is not its key's`);
  }
  if (keys[keys.length - 1].validUntil !== null) throw new Error(`${where}: the newest key must have no validUntil`);
  return keys;
}
