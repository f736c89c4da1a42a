import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Observable, catchError, concatMap } from 'rxjs';
import { Clock, normalNamePart } from '@ledger/domain';
import { RequestAuthenticator } from '../access/request-authenticator';
import { CLOCK } from '../infrastructure/clock';
import { AccessAuditLog } from './access-audit-log';
import { AUDIT_SUBJECT_READ_METADATA, AuditSubjectReadOptions } from './audit-subject-read.decorator';
import { ReadPurposes } from './read-purposes';
import { PURPOSE_HEADER, statedPurpose } from './stated-purpose';
import type { SubjectRead } from './subject-read';

/**
 * Global: on handlers marked @AuditSubjectRead, checks the stated purpose before the handler
 * runs and records the disclosure after it succeeded, before the answer leaves, with the
 * purpose sealed with the subject's identity key (read-purposes.ts); a lookup by
 * name that finds no one is recorded as a miss before its 404 leaves. If the record cannot be
 * written, the read fails: no disclosure goes unrecorded. A 404 on a route by subjectId is
 * not recorded: the ledger's random subject ids name no one outside it.
 */
@Injectable()
export class SubjectReadAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(RequestAuthenticator) private readonly authenticator: RequestAuthenticator,
    @Inject(AccessAuditLog) private readonly log: AccessAuditLog,
    @Inject(ReadPurposes) private readonly purposes: ReadPurposes,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const audit = this.reflector.get<AuditSubjectReadOptions | undefined>(AUDIT_SUBJECT_READ_METADATA, context.getHandler());
    if (!audit) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const query = (request.query ?? {}) as Record<string, unknown>;
    if (audit.query && query[audit.query] === undefined) return next.handle();
    const key = this.authenticator.keyOf(request);
    if (!key) throw new UnauthorizedException('an API key is required: Authorization: Bearer <api key>');
    const purpose = statedPurpose(request.headers[PURPOSE_HEADER]);
    const asked = audit.query ? query[audit.query] : (request.params as Record<string, unknown>)[audit.param];
    const read = (fields: Pick<SubjectRead, 'subjectId' | 'outcome' | 'purposeSealed'>): SubjectRead => ({
      at: this.clock.now().toISOString(),
      keyId: key.id,
      keyName: key.name,
      role: key.role,
      ...fields,
      ...(audit.lookup ? { system: systemOf(query.system) } : {}),
      route: `${request.method} ${request.routeOptions.url}`,
    });
    return next.handle().pipe(
      concatMap(async (answer) => {
        const subjectId = String(audit.lookup ? (answer as { subjectId?: unknown }).subjectId : asked);
        const purposeSealed = await this.purposes.seal(subjectId, purpose);
        await this.log.record(read({ subjectId, outcome: 'disclosed', ...(purposeSealed ? { purposeSealed } : {}) }));
        return answer;
      }),
      catchError(async (error: unknown) => {
        // Nothing of the purpose is kept for a miss: it may name the person the ledger does not know.
        if (audit.lookup && error instanceof NotFoundException) await this.log.record(read({ outcome: 'not-found' }));
        throw error;
      }),
    );
  }
}

/** The system as the vault looked it up: its normal form. */
const systemOf = (system: unknown): string => (typeof system === 'string' ? (normalNamePart(system).value ?? system) : String(system));
