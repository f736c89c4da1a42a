import { KeyObject, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The ledger's Ed25519 private key, from a PKCS#8 PEM file readable by the owner only, created
 * on first start. One key per ledger: digests and breach summaries are signed with it.
 */
export function loadSigningKey(keyFile: string): KeyObject {
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      // 'wx': if another process created the key first, keep that one.
      writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
      return privateKey;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if (statSync(keyFile).mode & 0o077) chmodSync(keyFile, 0o600);
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(keyFile));
  } catch {
    throw new Error(`${keyFile} does not hold a PEM private key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${keyFile} must hold an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}
