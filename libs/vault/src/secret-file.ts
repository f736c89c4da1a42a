import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { PRIVATE_DIR_MODE } from '@ledger/event-store';

/** The file-system calls a secret file needs; tests pass a recorder around the real `node:fs`. */
export type SecretFileSystem = Pick<
  typeof fs,
  'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'linkSync' | 'unlinkSync' | 'readFileSync' | 'statSync' | 'chmodSync' | 'mkdirSync' | 'existsSync'
>;

/** A key file that exists but cannot be what the ledger wrote: it is never replaced, since data depends on it. */
export class SecretFileError extends Error {}

/**
 * A secret kept in a file readable by its owner only: read when it exists (tightening its mode
 * if needed), else created with `create()`. Creation is durable before the secret is used —
 * written to a temporary file, fsynced, linked into place (so if another process creates it
 * first, that one wins), and the directory fsynced — because data is encrypted or signed with
 * it at once, and a power cut that left an empty key file would make that data unreadable.
 * An empty file is refused with an error naming it, never silently replaced by a new secret.
 */
export function loadOrCreateSecretFile(file: string, create: () => string, fsApi: SecretFileSystem = fs): string {
  if (!fsApi.existsSync(file)) {
    fsApi.mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
    const content = create();
    if (writeDurably(fsApi, file, content)) return content;
  }
  if (fsApi.statSync(file).mode & 0o077) fsApi.chmodSync(file, 0o600);
  const content = fsApi.readFileSync(file, 'utf8');
  if (content.trim() === '') {
    throw new SecretFileError(
      `${file} is empty (${Buffer.byteLength(content)} bytes): it is not replaced, because what the ledger stored depends on the key it held; restore it from a backup`,
    );
  }
  return content;
}

/** Writes `content` to `file` if no file is there yet; false when another process got there first. */
function writeDurably(fsApi: SecretFileSystem, file: string, content: string): boolean {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fsApi.openSync(temporary, 'wx', 0o600);
  try {
    fsApi.writeSync(fd, content);
    fsApi.fsyncSync(fd);
  } finally {
    fsApi.closeSync(fd);
  }
  try {
    fsApi.linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    fsApi.unlinkSync(temporary);
  }
  syncDirectory(fsApi, dirname(file));
  return true;
}

function syncDirectory(fsApi: SecretFileSystem, directory: string): void {
  const fd = fsApi.openSync(directory, 'r');
  try {
    fsApi.fsyncSync(fd);
  } finally {
    fsApi.closeSync(fd);
  }
}
