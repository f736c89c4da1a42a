import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

export const AUDIT_SUBJECT_READ_METADATA = 'ledger:audit-subject-read';

export interface AuditSubjectReadOptions {
  /** The route parameter holding the subject id. */
  param: string;
  /** Take the subject id from this query parameter instead; a call without it is about no one subject and is not audited. */
  query?: string;
  /**
   * A lookup by the emitter's name (`system`, `externalId` in the query): the subject id is
   * the answer's `subjectId`, and a 404 is recorded too, as a miss (with the system only).
   */
  lookup?: boolean;
}

/**
 * Records every call of this handler that tells something about one subject in the access
 * audit log (key, subject, time, stated purpose, route, outcome) before its answer is sent,
 * and refuses calls without an X-Purpose header. Put it on every handler that discloses
 * anything about one subject.
 */
export const AuditSubjectRead = (options: Partial<AuditSubjectReadOptions> = {}) =>
  applyDecorators(
    SetMetadata(AUDIT_SUBJECT_READ_METADATA, {
      param: options.param ?? 'subjectId',
      query: options.query,
      lookup: options.lookup,
    } satisfies AuditSubjectReadOptions),
    ApiHeader({
      name: 'X-Purpose',
      required: !options.query,
      description: `why you read about this subject (recorded in the access audit log; at most 200 characters)${
        options.query ? `; required with ?${options.query}=` : ''
      }`,
      example: 'access request R-2025-17',
    }),
  );
