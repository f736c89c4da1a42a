import { verify } from 'node:crypto';
import { NoteVerifier, isNoteKeyName } from './note-key';

/** Signs note text for one key: its name, its key ID and the Ed25519 signature of the bytes. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(message: Buffer): Buffer;
}

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Buffer;
}

export interface ParsedNote {
  /** The signed text, ending in a newline. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** A note that does not follow C2SP signed-note: says what is wrong. */
export class MalformedNoteError extends Error {
  constructor(message: string) {
    super(`malformed note: ${message}`);
    this.name = 'MalformedNoteError';
  }
}

const MAX_SIGNATURES = 100;
const SIGNATURE_LINE = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/u;
// No ASCII control character but the newline.
const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw new MalformedNoteError('the text must end with a newline');
  if (CONTROL.test(text)) throw new MalformedNoteError('the text holds a control character');
  if (text.includes('\ufffd')) throw new MalformedNoteError('the text is not valid UTF-8');
}

/** C2SP signed-note: the text, a blank line, and one line `— <name> base64(key ID || signature)` per signer. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  checkText(text);
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((s) => {
    if (!isNoteKeyName(s.name)) throw new MalformedNoteError(`"${s.name}" cannot name a key`);
    const id = Buffer.alloc(4);
    id.writeUInt32BE(s.keyId);
    return `\u2014 ${s.name} ${Buffer.concat([id, s.sign(message)]).toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/** Splits a signed note into its text and signature lines; refuses anything the format does not allow. */
export function parseNote(note: string): ParsedNote {
  if (CONTROL.test(note)) throw new MalformedNoteError('it holds a control character');
  if (!note.endsWith('\n')) throw new MalformedNoteError('it must end with a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new MalformedNoteError('no blank line separates the text from its signatures');
  const text = note.slice(0, split + 1);
  checkText(text);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new MalformedNoteError(`more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line, i) => {
    const match = SIGNATURE_LINE.exec(line);
    const bytes = match && Buffer.from(match[2], 'base64');
    if (!match || !bytes || bytes.length < 5 || bytes.toString('base64') !== match[2] || !isNoteKeyName(match[1])) {
      throw new MalformedNoteError(`signature line ${i + 1} is not "— <key name> <base64 of key ID and signature>"`);
    }
    return { name: match[1], keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
  });
  return { text, signatures };
}

export type NoteVerdict =
  { readonly valid: true; readonly text: string; readonly verifiedBy: readonly NoteVerifier[] } | { readonly valid: false; readonly reason: string };

/**
 * Opens a signed note with the keys a verifier trusts (C2SP signed-note): signatures of
 * unknown keys are ignored, a signature of a known key that fails rejects the note, and at
 * least one known key must have signed it.
 */
export function verifyNote(note: string, verifiers: readonly NoteVerifier[]): NoteVerdict {
  let parsed: ParsedNote;
  try {
    parsed = parseNote(note);
  } catch (error) {
    return { valid: false, reason: (error as Error).message };
  }
  const message = Buffer.from(parsed.text, 'utf8');
  const verifiedBy: NoteVerifier[] = [];
  for (const signature of parsed.signatures) {
    const known = verifiers.filter((v) => v.name === signature.name && v.keyId === signature.keyId);
    if (known.length > 1) return { valid: false, reason: `two trusted keys share the name and id ${signature.name}+${hexId(signature.keyId)}` };
    if (known.length === 0) continue;
    if (!(signature.signature.length === 64 && verify(null, message, known[0].publicKey, signature.signature))) {
      return {
        valid: false,
        reason: `the signature of key ${signature.name}+${hexId(signature.keyId)} does not match the text: the note was changed after it was signed`,
      };
    }
    if (!verifiedBy.includes(known[0])) verifiedBy.push(known[0]);
  }
  if (verifiedBy.length === 0) {
    const seen = parsed.signatures.map((s) => `${s.name}+${hexId(s.keyId)}`).join(', ') || 'none';
    const trusted = verifiers.map((v) => `${v.name}+${hexId(v.keyId)}`).join(', ') || 'none';
    return { valid: false, reason: `no signature by a trusted key (signed by: ${seen}; trusted: ${trusted})` };
  }
  return { valid: true, text: parsed.text, verifiedBy };
}

const hexId = (id: number) => id.toString(16).padStart(8, '0');
