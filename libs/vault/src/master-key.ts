import { randomBytes } from 'node:crypto';
import { loadOrCreateSecretFile } from './secret-file';

export const MASTER_KEY_BYTES = 32;

/**
 * The key that wraps every data key. From configuration (base64 or hex of 32 bytes), else from
 * a key file created on first start, readable by the owner only.
 */
export function loadMasterKey(configured: string | undefined, keyFile: string): Buffer {
  if (configured) return parseKey(configured, 'LEDGER_MASTER_KEY');
  const text = loadOrCreateSecretFile(keyFile, () => randomBytes(MASTER_KEY_BYTES).toString('base64') + '\n');
  return parseKey(text.trim(), keyFile);
}

export function parseKey(text: string, source: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== MASTER_KEY_BYTES) {
    throw new Error(`${source} must hold ${MASTER_KEY_BYTES} bytes as base64 or hex`);
  }
  return key;
}
