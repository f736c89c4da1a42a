import type { KeyGroup, SubjectName } from '@ledger/domain';
import type { LogPosition } from '@ledger/event-store';

/** How an emitter names a subject: its own system and id. Personal data: only the vault sees it. */
export type { SubjectName };

/** What a fact needs from the vault: its subject (by name or by id) and the data keys of some groups. */
export interface SubjectKeyRequest {
  name?: SubjectName;
  subjectId?: string;
  groups: readonly KeyGroup[];
}

/** A group's data key, or null when the group was shredded: its data can no longer be read or written. */
export type GroupKeys = ReadonlyMap<KeyGroup, Buffer | null>;

export interface PreparedSubject {
  subjectId: string;
  /** True when this request created the subject. */
  created: boolean;
  keys: GroupKeys;
}

export class UnknownSubjectError extends Error {
  constructor(readonly subjectId: string) {
    super(`no subject ${subjectId} is known to the ledger`);
    this.name = 'UnknownSubjectError';
  }
}

/**
 * The key vault: per-subject data keys (wrapped by the master key) and the only record of how
 * emitters name a subject: a blind index (HMAC) to find it, and the name itself sealed with
 * the subject's identity key. Destroying a subject's keys is what erases it.
 */
export interface KeyVault {
  /** Resolves or creates each subject and returns its keys for the groups asked, creating missing keys. Durable before it resolves. */
  prepare(requests: readonly SubjectKeyRequest[]): Promise<PreparedSubject[]>;
  /** The subject an emitter name points to (any spelling of it: see normalSubjectName), without creating one. */
  findSubject(name: SubjectName): Promise<string | undefined>;
  subjectExists(subjectId: string): Promise<boolean>;
  /** The names emitters gave the subject, while its identity key exists. */
  namesOf(subjectId: string): Promise<SubjectName[]>;
  /** The keys that exist for reading; never creates one. A group absent from the map never had a key. */
  keysForReading(subjectId: string): Promise<GroupKeys>;
  /** Destroys the groups' keys for good; shredding identity also forgets the subject's names. */
  shred(subjectId: string, groups: readonly KeyGroup[]): Promise<void>;
  /**
   * The log position through which every SubjectDataShredded was last applied again to this
   * vault (reapplyErasures), kept in the vault itself so that a restored backup brings its own,
   * older, mark; null before the first pass.
   */
  erasuresAppliedThrough(): Promise<LogPosition | null>;
  markErasuresApplied(through: LogPosition): Promise<void>;
  /** The key the ids of the ledger's own events derive from (LedgerEventIds), kept in the vault so it outlives a master-key rotation. */
  eventIdKey(): Buffer;
  close(): Promise<void>;
}

export const KEY_VAULT = Symbol('KEY_VAULT');
