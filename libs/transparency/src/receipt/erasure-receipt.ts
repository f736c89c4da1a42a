import { canonicalJson, eventHash } from '@ledger/event-store';
import type { RecordedEvent } from '@ledger/event-store';
import { logLeafHash } from '../log/log-leaf';
import { verifyInclusion } from '../merkle/verify';
import { Checkpoint, parseCheckpointText } from '../note/checkpoint';
import type { NoteVerifier } from '../note/note-key';
import { verifyNote } from '../note/signed-note';

export const ERASURE_RECEIPT_FORMAT = 'privacy-ledger/erasure-receipt/v1';

/** An event as the store holds it: everything its chain hash covers, and the hash. */
export type ReceiptEvent = Pick<RecordedEvent, 'id' | 'type' | 'streamId' | 'revision' | 'recordedAt' | 'prevHash' | 'hash' | 'data' | 'metadata'>;

/** One SubjectDataShredded event and the proof that leaf `leafIndex` of the checkpoint's tree is it. */
export interface ShreddingProof {
  readonly event: ReceiptEvent;
  readonly leafIndex: number;
  /** Base64 RFC 9162 leaf hash of `<event id>\n<event hash>`. */
  readonly leafHash: string;
  /** Base64 inclusion proof (audit path) in the tree of the checkpoint's size. */
  readonly hashes: readonly string[];
}

/**
 * What an erased person or a regulator keeps: the ledger's PII-free records that a subject's
 * keys were destroyed, each with its inclusion proof, and the signed checkpoint of the log they
 * lead to. Checkable offline with the ledger's public key alone.
 */
export interface ErasureReceipt {
  readonly format: typeof ERASURE_RECEIPT_FORMAT;
  readonly subjectId: string;
  readonly shredded: readonly ShreddingProof[];
  readonly treeSize: number;
  /** C2SP tlog-checkpoint signed note of the tree of `treeSize` leaves. */
  readonly checkpoint: string;
}

/** A receipt file that is not a receipt: says which field is wrong. */
export class InvalidReceiptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidReceiptError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const HEX_HASH = /^[0-9a-f]{64}$/;

/** Reads a saved receipt, checking its shape (not yet its proofs). */
export function parseErasureReceipt(text: string): ErasureReceipt {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidReceiptError(`not JSON (${(error as Error).message})`);
  }
  const problem = (path: string, expected: string) => new InvalidReceiptError(`${path} must be ${expected}`);
  if (!isObject(value)) throw problem('the receipt', 'a JSON object');
  // Nothing unproven may sit beside what the proofs cover.
  const unknown = (object: Record<string, unknown>, known: string[], where: string) => {
    const extra = Object.keys(object).filter((k) => !known.includes(k));
    if (extra.length) throw new InvalidReceiptError(`unknown field${extra.length > 1 ? 's' : ''} in ${where}: ${extra.join(', ')}`);
  };
  unknown(value, ['format', 'subjectId', 'shredded', 'treeSize', 'checkpoint'], 'the receipt');
  if (value.format !== ERASURE_RECEIPT_FORMAT) throw problem('format', `"${ERASURE_RECEIPT_FORMAT}"`);
  if (typeof value.subjectId !== 'string') throw problem('subjectId', 'a string');
  if (!isCount(value.treeSize)) throw problem('treeSize', 'a whole number');
  if (typeof value.checkpoint !== 'string') throw problem('checkpoint', 'the signed checkpoint note, as text');
  if (!Array.isArray(value.shredded) || value.shredded.length === 0) throw problem('shredded', 'a non-empty list');
  value.shredded.forEach((entry: unknown, i) => {
    const at = `shredded[${i}]`;
    if (!isObject(entry)) throw problem(at, 'an object {event, leafIndex, leafHash, hashes}');
    unknown(entry, ['event', 'leafIndex', 'leafHash', 'hashes'], at);
    if (!isCount(entry.leafIndex)) throw problem(`${at}.leafIndex`, 'a whole number');
    if (typeof entry.leafHash !== 'string') throw problem(`${at}.leafHash`, 'base64');
    if (!Array.isArray(entry.hashes) || entry.hashes.some((h) => typeof h !== 'string')) throw problem(`${at}.hashes`, 'a list of base64 hashes');
    const e = entry.event;
    if (!isObject(e)) throw problem(`${at}.event`, 'an object');
    unknown(e, ['id', 'type', 'streamId', 'revision', 'recordedAt', 'prevHash', 'hash', 'data', 'metadata'], `${at}.event`);
    for (const field of ['id', 'type', 'streamId', 'recordedAt']) if (typeof e[field] !== 'string') throw problem(`${at}.event.${field}`, 'a string');
    if (!isCount(e.revision)) throw problem(`${at}.event.revision`, 'a whole number');
    if (typeof e.hash !== 'string' || !HEX_HASH.test(e.hash)) throw problem(`${at}.event.hash`, '64 lowercase hex digits');
    if (e.prevHash !== null && (typeof e.prevHash !== 'string' || !HEX_HASH.test(e.prevHash)))
      throw problem(`${at}.event.prevHash`, 'null or 64 lowercase hex digits');
    if (!isObject(e.data) || !isObject(e.metadata)) throw problem(`${at}.event.data and .metadata`, 'objects');
  });
  return value as unknown as ErasureReceipt;
}

export type ReceiptVerdict =
  { readonly valid: true; readonly checkpoint: Checkpoint; readonly signedBy: readonly NoteVerifier[] } | { readonly valid: false; readonly reason: string };

/** Strict base64: a changed padding bit must not pass as the same hash. */
const b64 = (text: string): Buffer => {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : Buffer.alloc(0);
};

/**
 * Checks a receipt with the ledger's public keys alone: the checkpoint is signed by one of them,
 * each event is a SubjectDataShredded of the subject and matches its own chain hash, and each
 * inclusion proof leads from the event's leaf to the checkpoint's root.
 */
export function verifyErasureReceipt(receipt: ErasureReceipt, verifiers: readonly NoteVerifier[]): ReceiptVerdict {
  const signed = verifyNote(receipt.checkpoint, verifiers);
  if (!signed.valid) return { valid: false, reason: `the checkpoint is not signed by the ledger: ${signed.reason}` };
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpointText(signed.text);
  } catch (error) {
    return { valid: false, reason: (error as Error).message };
  }
  if (checkpoint.size !== receipt.treeSize)
    return { valid: false, reason: `the receipt says the tree has ${receipt.treeSize} events, its checkpoint says ${checkpoint.size}` };
  for (const [i, proof] of receipt.shredded.entries()) {
    const { event } = proof;
    const which = `shredded[${i}] (event ${event.id})`;
    if (event.type !== 'SubjectDataShredded') return { valid: false, reason: `${which} is a ${event.type}, not a SubjectDataShredded` };
    if (event.streamId !== `subject-${receipt.subjectId}` || (event.metadata as { subjectId?: unknown }).subjectId !== receipt.subjectId) {
      return { valid: false, reason: `${which} is not about subject ${receipt.subjectId}` };
    }
    const recomputed = eventHash({
      prevHash: event.prevHash,
      streamId: event.streamId,
      revision: event.revision,
      id: event.id,
      type: event.type,
      recordedAt: event.recordedAt,
      data: canonicalJson(event.data),
      metadata: canonicalJson(event.metadata),
    });
    if (recomputed !== event.hash) return { valid: false, reason: `${which} does not match its hash: its content was changed` };
    if (!logLeafHash(event.id, event.hash).equals(b64(proof.leafHash))) return { valid: false, reason: `${which}: the leaf hash is not this event's` };
    const included = verifyInclusion(proof.leafIndex, checkpoint.size, b64(proof.leafHash), proof.hashes.map(b64), checkpoint.rootHash);
    if (!included.valid) return { valid: false, reason: `${which} is not proven to be in the log: ${included.reason}` };
  }
  return { valid: true, checkpoint, signedBy: signed.verifiedBy };
}
