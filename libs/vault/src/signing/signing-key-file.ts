import { KeyObject, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { loadOrCreateSecretFile } from '../secret-file';

/**
 * The ledger's Ed25519 private key, from a PKCS#8 PEM file readable by the owner only, created
 * on first start. One key per ledger: digests and breach summaries are signed with it.
 */
export function loadSigningKey(keyFile: string): KeyObject {
  const pem = loadOrCreateSecretFile(keyFile, () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error(`${keyFile} does not hold a PEM private key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${keyFile} must hold an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}
