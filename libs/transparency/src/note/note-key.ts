import { KeyObject, createPublicKey, hash } from 'node:crypto';

/** C2SP signed-note signature type of Ed25519 keys. */
export const ED25519_NOTE_TYPE = 0x01;

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw 32-byte key follows it. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Key names must be non-empty, without Unicode spaces or "+" (C2SP signed-note). */
export const isNoteKeyName = (name: string): boolean => name.length > 0 && !/[\s+\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u.test(name);

/** C2SP signed-note key ID of an Ed25519 key: the first four bytes of SHA-256(name || 0x0A || 0x01 || key), big-endian. */
export function noteKeyId(name: string, publicKey: Uint8Array): number {
  const digest = hash('sha256', Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.from([ED25519_NOTE_TYPE]), publicKey]), 'buffer');
  return digest.readUInt32BE(0);
}

/** A key that checks note signatures: the name and key ID a signature line must carry, and the Ed25519 key. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: KeyObject;
  /** The raw 32-byte public key. */
  readonly raw: Buffer;
}

export function noteVerifier(name: string, raw: Uint8Array): NoteVerifier {
  if (!isNoteKeyName(name)) throw new Error(`"${name}" cannot name a note key: it must be non-empty, without spaces or "+"`);
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  return { name, keyId: noteKeyId(name, raw), publicKey, raw: Buffer.from(raw) };
}

/** The verifier key string (vkey) of C2SP signed-note: `<name>+<hex key ID>+<base64(0x01 || key)>`, as Go's note package reads it. */
export const verifierKeyString = (v: NoteVerifier): string =>
  `${v.name}+${v.keyId.toString(16).padStart(8, '0')}+${Buffer.concat([Buffer.from([ED25519_NOTE_TYPE]), v.raw]).toString('base64')}`;

/** Reads a vkey string; refuses one whose ID does not match its name and key. */
export function parseVerifierKeyString(text: string): NoteVerifier {
  const parts = text.trim().split('+');
  // The base64 part may itself hold "+": the name and the id are the first two parts.
  const [name, id, ...rest] = parts;
  const material = Buffer.from(rest.join('+'), 'base64');
  if (!name || !/^[0-9a-f]{8}$/.test(id ?? '') || material.length !== 33 || material[0] !== ED25519_NOTE_TYPE) {
    throw new Error('not a note verifier key <name>+<8 hex digits>+<base64 of 0x01 and a 32-byte Ed25519 key>');
  }
  const verifier = noteVerifier(name, material.subarray(1));
  if (verifier.keyId !== parseInt(id, 16)) throw new Error(`the verifier key's id ${id} does not match its name and key`);
  return verifier;
}
