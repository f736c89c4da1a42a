import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PRIVATE_DIR_MODE } from '@ledger/event-store';

/**
 * A secret kept in a file readable by its owner only: read when it exists (tightening its mode
 * if needed), else created with `create()`. If another process creates it first, that one wins.
 */
export function loadOrCreateSecretFile(file: string, create: () => string): string {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
    const content = create();
    try {
      writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
      return content;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if (statSync(file).mode & 0o077) chmodSync(file, 0o600);
  return readFileSync(file, 'utf8');
}
