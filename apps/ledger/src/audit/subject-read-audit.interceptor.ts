import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Observable, concatMap } from 'rxjs';
import type { Clock } from '@ledger/domain';
import { RequestAuthenticator } from '../access/request-authenticator';
import { CLOCK } from '../infrastructure/clock';
import { AccessAuditLog } from './access-audit-log';
import { AUDIT_SUBJECT_READ_METADATA, AuditSubjectReadOptions } from './audit-subject-read.decorator';
import { PURPOSE_HEADER, statedPurpose } from './stated-purpose';

/**
 * Global: on handlers marked @AuditSubjectRead, checks the stated purpose before the handler
 * runs and records the read after it succeeded, before the answer leaves. If the record cannot
 * be written, the read fails: no disclosure goes unrecorded.
 */
@Injectable()
export class SubjectReadAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(RequestAuthenticator) private readonly authenticator: RequestAuthenticator,
    @Inject(AccessAuditLog) private readonly log: AccessAuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const audit = this.reflector.get<AuditSubjectReadOptions | undefined>(AUDIT_SUBJECT_READ_METADATA, context.getHandler());
    if (!audit) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = this.authenticator.keyOf(request);
    if (!key) throw new UnauthorizedException('an API key is required: Authorization: Bearer <api key>');
    const purpose = statedPurpose(request.headers[PURPOSE_HEADER]);
    const fromParam = String((request.params as Record<string, unknown>)[audit.param]);
    const route = `${request.method} ${request.routeOptions.url}`;
    return next.handle().pipe(
      concatMap(async (answer) => {
        await this.log.record({
          at: this.clock.now().toISOString(),
          keyId: key.id,
          keyName: key.name,
          role: key.role,
          subjectId: audit.fromAnswer ? String((answer as { subjectId?: unknown }).subjectId) : fromParam,
          purpose,
          route,
        });
        return answer;
      }),
    );
  }
}
