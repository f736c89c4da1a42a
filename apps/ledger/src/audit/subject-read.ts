import type { Role } from '@ledger/access';

/**
 * `disclosed`: the answer told something about the subject. `not-found`: a lookup by an
 * emitter's name found no subject, which tells the reader that the person is not known by
 * that name: a disclosure too.
 */
export type SubjectReadOutcome = 'disclosed' | 'not-found';

/** One disclosure about a subject: who asked, when, why, through which route, and what they learned. */
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
  /** As stated in the X-Purpose header. */
  purpose: string;
  /** Method and route pattern, e.g. "GET /v1/subjects/:subjectId/events"; never the query string. */
  route: string;
}

/** A recorded read, with its place in the log. */
export interface RecordedSubjectRead extends SubjectRead {
  id: number;
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
