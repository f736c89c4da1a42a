import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

export const AUDIT_SUBJECT_READ_METADATA = 'ledger:audit-subject-read';

export interface AuditSubjectReadOptions {
  /** The route parameter holding the subject id. */
  param: string;
  /** Take the subject id from the answer's `subjectId` instead (a lookup by the emitter's name). */
  fromAnswer?: boolean;
}

/**
 * Records every successful call of this handler in the access audit log (key, subject, time,
 * stated purpose, route) before its answer is sent, and refuses calls without an X-Purpose
 * header. Put it on every handler that discloses a subject's records.
 */
export const AuditSubjectRead = (options: Partial<AuditSubjectReadOptions> = {}) =>
  applyDecorators(
    SetMetadata(AUDIT_SUBJECT_READ_METADATA, { param: options.param ?? 'subjectId', fromAnswer: options.fromAnswer } satisfies AuditSubjectReadOptions),
    ApiHeader({
      name: 'X-Purpose',
      required: true,
      description: "why you read this subject's records (recorded in the access audit log; at most 200 characters)",
      example: 'access request R-2025-17',
    }),
  );
