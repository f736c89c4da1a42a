import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A saved file whose signature is to be checked, and the SHA-256 of its bytes, to say which file was checked. */
export interface SignedFile {
  readonly text: string;
  readonly sha256: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a signed file's bytes as UTF-8, refusing bytes that are not: decoded leniently, they
 * would turn into U+FFFD, and two different files would read alike.
 */
export function readSignedFile(path: string): SignedFile {
  const bytes = readFileSync(path);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new Error('the file is not UTF-8 text');
  }
  return { text, sha256: hash('sha256', bytes, 'hex') };
}
