import { KEY_GROUPS, KeyGroup, parseStreamName } from '@ledger/domain';
import { EventStore, LogPosition, RecordedEvent, isAfter } from '@ledger/event-store';
import type { KeyVault } from '../key-vault';

export interface ReapplyErasuresOptions {
  /**
   * Read the whole log rather than from the vault's own mark. The server starts from the mark
   * (a restored vault carries its older mark, so everything since is read again); the CLI
   * command reads everything.
   */
  fromStart?: boolean;
  /** Called now and then with the position reached (for a progress bar). */
  onProgress?: (position: LogPosition) => void;
}

export interface ReapplyErasuresResult {
  /** Exclusive; null: from the start of the log. */
  from: LogPosition | null;
  /** The last event read; null when the log held nothing to read. */
  through: LogPosition | null;
  eventsRead: number;
  /** SubjectDataShredded events found. */
  shreddings: number;
  /** Subjects the vault still (or again) held a key of, or lacked the tombstone of, that the log says was destroyed: done again now. */
  reapplied: { subjectId: string; keyGroups: KeyGroup[] }[];
}

/** The subject and groups a SubjectDataShredded names; undefined for any other event (or one that names no subject). */
export function shreddingOf(event: RecordedEvent): { subjectId: string; keyGroups: KeyGroup[] } | undefined {
  if (event.type !== 'SubjectDataShredded') return undefined;
  const fromStream = parseStreamName(event.streamId);
  const subjectId = typeof event.metadata.subjectId === 'string' ? event.metadata.subjectId : fromStream?.kind === 'subject' ? fromStream.id : undefined;
  const groups = Array.isArray(event.data.keyGroups) ? (event.data.keyGroups as unknown[]) : [];
  const keyGroups = groups.filter((g): g is KeyGroup => (KEY_GROUPS as readonly unknown[]).includes(g));
  return subjectId && keyGroups.length ? { subjectId, keyGroups } : undefined;
}

const PROGRESS_EVERY = 10_000;

/**
 * Makes the vault agree with the log about what was destroyed: every SubjectDataShredded in
 * the log is applied to the vault again, so a vault restored from a backup older than an
 * erasure gets that erasure back before anything reads a key from it. Idempotent: groups the
 * vault already holds as shredded are left alone, so a pass over a vault that agrees writes
 * nothing.
 *
 * The vault keeps the position the last pass read through (its mark) beside its keys, so the
 * mark travels with the vault: a backup restored later brings its own older mark, and the next
 * pass from the mark reads every erasure since that backup was taken. A mark beyond the head
 * of the log (the log restored to an older state, or another log) is ignored: the pass reads
 * the whole log.
 */
export async function reapplyErasures(store: EventStore, vault: KeyVault, options: ReapplyErasuresOptions = {}): Promise<ReapplyErasuresResult> {
  const head = await store.headPosition();
  const mark = options.fromStart ? null : await vault.erasuresAppliedThrough();
  const from = mark && head && !isAfter(mark, head) ? mark : null;
  const result: ReapplyErasuresResult = { from, through: null, eventsRead: 0, shreddings: 0, reapplied: [] };
  for await (const event of store.readAll(from ? { fromPosition: from } : {})) {
    result.eventsRead++;
    result.through = event.position;
    if (result.eventsRead % PROGRESS_EVERY === 0) options.onProgress?.(event.position);
    const shredding = shreddingOf(event);
    if (!shredding) continue;
    result.shreddings++;
    const keys = await vault.keysForReading(shredding.subjectId);
    // null is the tombstone: destroyed already. A key, or no row at all (a backup from before the subject had it), is done again.
    if (shredding.keyGroups.every((group) => keys.get(group) === null)) continue;
    await vault.shred(shredding.subjectId, shredding.keyGroups);
    result.reapplied.push(shredding);
  }
  if (result.through) await vault.markErasuresApplied(result.through);
  return result;
}
