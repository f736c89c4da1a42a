import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import {
  Checkpoint,
  NoteVerifier,
  SqliteLogTreeReader,
  logLeafHash,
  noteVerifier,
  parseCheckpointText,
  scanTree,
  verifyConsistency,
  verifyNote,
} from '@ledger/transparency';
import type { PublicKeySet } from '@ledger/vault';

/** A checkpoint file opened with the ledger's keys. */
export interface OpenedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly signedBy: NoteVerifier;
}

export type ExtensionVerdict = { readonly holds: boolean; readonly lines: string[] };

const n = (value: number) => value.toLocaleString('en-US');
const b64 = (hash: Buffer) => hash.toString('base64');

/** The note verifiers of a key set: each key under its note name, else the set's checkpoint origin, else `origin`. */
export const noteVerifiersOf = (keys: PublicKeySet, origin: string): NoteVerifier[] =>
  keys.keys.map((k) => noteVerifier(k.noteName ?? keys.checkpointOrigin ?? origin, k.key.raw));

/** Checks a checkpoint's signature; the reason it cannot be relied on as a string. */
export function openCheckpoint(note: string, keys: PublicKeySet): OpenedCheckpoint | string {
  const origin = note.slice(0, note.indexOf('\n'));
  const opened = verifyNote(note, noteVerifiersOf(keys, origin));
  if (!opened.valid) return `the checkpoint is not signed by the ledger's key: ${opened.reason}`;
  try {
    return { checkpoint: parseCheckpointText(opened.text), signedBy: opened.verifiedBy[0] };
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Whether the log in events.db extends a checkpoint kept earlier: rebuilds the log tree from the
 * events themselves (no stored tree is trusted), compares its root at the checkpoint's size, and
 * verifies the RFC 9162 consistency proof from there to today. Also says whether the tree the
 * server serves proofs from (log-tree.db) agrees.
 */
export function checkExtension(old: Checkpoint, eventsFile: string, treeFile: string): ExtensionVerdict {
  const events = new Database(eventsFile, { readonly: true, fileMustExist: true });
  let size: number;
  let scanned;
  let served: { size: number; root: Buffer } | undefined;
  try {
    size = events.prepare('SELECT count(*) FROM events').pluck().get() as number;
    if (size < old.size) {
      return {
        holds: false,
        lines: [
          `REWRITTEN: the log holds ${n(size)} events, fewer than the ${n(old.size)} the checkpoint committed to: events were removed after it was published.`,
        ],
      };
    }
    if (existsSync(treeFile)) served = servedTree(treeFile, size);
    const rows = events.prepare('SELECT id, hash FROM events ORDER BY position LIMIT ?').raw().iterate(size) as IterableIterator<[string, Buffer]>;
    const leaves = (function* () {
      for (const [id, hash] of rows) yield logLeafHash(id, hash.toString('hex'));
    })();
    scanned = scanTree(leaves, size, old.size, served ? [served.size] : []);
  } finally {
    events.close();
  }
  const lines: string[] = [];
  if (!scanned.fromRoot.equals(old.rootHash)) {
    lines.push(
      `REWRITTEN: the first ${n(old.size)} events of the log are not the ones the checkpoint committed to (root ${b64(scanned.fromRoot)} instead of ${b64(old.rootHash)}): the log was changed after the checkpoint was published.`,
    );
    return { holds: false, lines };
  }
  const proof = verifyConsistency(old.size, size, scanned.consistency, old.rootHash, scanned.root);
  if (!proof.valid) return { holds: false, lines: [`REWRITTEN: ${proof.reason}`] };
  lines.push(
    `EXTENDS: the log now holds ${n(size)} events and its first ${n(old.size)} are exactly those the checkpoint committed to; the consistency proof from ${n(old.size)} to ${n(size)} (${scanned.consistency.length} hashes) verifies.`,
    `  Root of the log now: ${b64(scanned.root)} (compare it with the ledger's current checkpoint).`,
  );
  if (served && !served.root.equals(scanned.roots.get(served.size)!)) {
    lines.push(
      `The tree the ledger serves proofs from (log-tree.db, ${n(served.size)} events) DISAGREES with the log: stop the ledger, delete log-tree.db and start it again to rebuild it.`,
    );
    return { holds: false, lines };
  }
  return { holds: true, lines };
}

/** The root the server's stored tree gives at its size (at most `limit`), or undefined when it has none. */
function servedTree(file: string, limit: number): { size: number; root: Buffer } | undefined {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'log_tree_leaves'").get()) return undefined;
    const reader = new SqliteLogTreeReader(db);
    const size = Math.min(reader.size(), limit);
    return size > 0 ? { size, root: reader.root(size) } : undefined;
  } finally {
    db.close();
  }
}
