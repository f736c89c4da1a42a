import type { Role } from '@ledger/access';

/**
 * `disclosed`: the answer told something about the subject. `not-found`: a lookup by an
 * emitter's name found no subject, which tells the reader that the person is not known by
 * that name: a disclosure too.
 */
export type SubjectReadOutcome = 'disclosed' | 'not-found';

/** One disclosure about a subject: who asked, when, why (sealed), through which route, and what they learned. */
export interface SubjectRead {
  at: string;
  keyId: string;
  keyName: string;
  role: Role;
  /** Absent when a lookup found no subject. */
  subjectId?: string;
  /**
   * On lookups by an emitter's name, the system named. Never the external id: on a miss it
   * names a person who may never have been a subject, and nothing could erase it later.
   */
  system?: string;
  outcome: SubjectReadOutcome;
  /**
   * The purpose stated in X-Purpose, sealed with the subject's identity key (libs/vault
   * subject-text), so that it is erased with the subject. Absent on misses (nothing of the
   * purpose is kept: it may name the person not found), and when the subject's identity key
   * was gone already.
   */
  purposeSealed?: string;
  /** Method and route pattern, e.g. "GET /v1/subjects/:subjectId/events"; never the query string. */
  route: string;
}

/** A read as the log holds it, with its place in the log. */
export interface StoredSubjectRead extends SubjectRead {
  id: number;
}

/** A read as the DPO is shown it: the purpose opened while the subject's identity key exists. */
export interface RecordedSubjectRead extends Omit<StoredSubjectRead, 'purposeSealed'> {
  /** As stated in X-Purpose; "[erased]" once the subject's identity key is gone; "[not kept]" on misses. */
  purpose: string;
}

export interface SubjectReadFilter {
  subjectId?: string;
  keyId?: string;
  /** Inclusive, UTC ISO. */
  from?: string;
  /** Exclusive, UTC ISO. */
  to?: string;
  /** Entries after this id. */
  after?: number;
  limit: number;
}

/** A row of the subject_reads table, as both stores keep it (PostgreSQL returns its bigint id as text). */
export interface SubjectReadRow {
  id: number | string;
  at: string;
  key_id: string;
  key_name: string;
  role: Role;
  subject_id: string | null;
  system: string | null;
  outcome: SubjectReadOutcome;
  purpose_sealed: string | null;
  route: string;
}

export const storedSubjectRead = (r: SubjectReadRow): StoredSubjectRead => ({
  id: Number(r.id),
  at: r.at,
  keyId: r.key_id,
  keyName: r.key_name,
  role: r.role,
  ...(r.subject_id === null ? {} : { subjectId: r.subject_id }),
  ...(r.system === null ? {} : { system: r.system }),
  outcome: r.outcome,
  ...(r.purpose_sealed === null ? {} : { purposeSealed: r.purpose_sealed }),
  route: r.route,
});
