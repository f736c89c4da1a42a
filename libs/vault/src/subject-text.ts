import { open, seal } from './aead';
import type { GroupKeys } from './key-vault';
import { ERASED } from './personal-sealer';

/**
 * Free text about one subject that the ledger keeps outside the event store (the purpose a
 * reader stated, in the access audit log): sealed with the subject's identity key, so that it
 * is erased with the subject. `context` (the AAD) binds a box to where it is kept: a box moved
 * to another subject or another place does not open.
 */
export function sealSubjectText(keys: GroupKeys, context: string, text: string): string | undefined {
  const key = keys.get('identity');
  return key ? seal(key, Buffer.from(text, 'utf8'), context).toString('base64') : undefined;
}

/** The text while the subject's identity key exists; "[erased]" after. */
export function openSubjectText(keys: GroupKeys, context: string, box: string): string {
  const key = keys.get('identity');
  return key ? open(key, Buffer.from(box, 'base64'), context).toString('utf8') : ERASED;
}
