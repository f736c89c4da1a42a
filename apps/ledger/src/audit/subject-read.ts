import type { Role } from '../access/role';

/** One disclosure of a subject's records: who read them, when, why, and through which route. */
export interface SubjectRead {
  at: string;
  keyId: string;
  keyName: string;
  role: Role;
  subjectId: string;
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
