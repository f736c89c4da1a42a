import { SubjectProfile, fromStoredJson } from '@ledger/domain';
import type { Statements } from '../queries/statements';

/** Reads of the subjects read model (subjects.projection.ts): each subject's profile. */
export class SubjectsQueries {
  constructor(private readonly s: Statements) {}

  profile(subjectId: string): SubjectProfile | undefined {
    const row = this.s.sql('SELECT profile FROM subject_profiles WHERE subject_id = ?').get(subjectId) as { profile: string } | undefined;
    return row ? fromStoredJson<SubjectProfile>(row.profile) : undefined;
  }

  hasProfile(subjectId: string): boolean {
    return this.s.sql('SELECT 1 FROM subject_profiles WHERE subject_id = ?').get(subjectId) !== undefined;
  }
}
