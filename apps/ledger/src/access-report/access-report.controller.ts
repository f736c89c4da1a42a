import type { ApiKey } from '@ledger/access';
import { RequestKey, recorderOf } from '../access/request-key';
import { Controller, Get, Header, Headers, Inject, Param, ParseUUIDPipe, Query as QueryParams, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiFormats } from '../common/api-formats.decorator';
import type { FastifyReply } from 'fastify';
import { AccessReport, ControllerProfile } from '@ledger/domain';
import type { ReadModelName } from '@ledger/projections';
import { Roles } from '../access/roles.decorator';
import { AuditSubjectRead } from '../audit/audit-subject-read.decorator';
import { MEDIA_TYPES, responseFormat } from '../common/response-format';
import { CONTROLLER_PROFILE } from '../controller-profile/controller-profile.provider';
import { DOCUMENT_HTML_CSP, renderDocumentHtml } from '../documents/document-html';
import { renderDocumentPdf } from '../documents/document-pdf';
import { Translations } from '../i18n/translations';
import { Freshness } from '../projections/freshness.service';
import { accessReportDocument } from './access-report-document';
import { ACCESS_REPORT_FORMATS, AccessReportQueryDto } from './dto/access-report-query.dto';
import { ACCESS_REPORT_READ_MODELS, AccessReports, RecordedAnswer } from './access-report.service';

export interface AccessReportView extends AccessReport {
  /** The log position the report reflects. */
  position: number;
  /** With `?requestId=`: the PersonalDataExported that records this answer. */
  answer?: RecordedAnswer;
}

@ApiTags('subjects')
@Roles('dpo')
@Controller('v1/subjects/:subjectId/access-report')
export class AccessReportController {
  constructor(
    private readonly reports: AccessReports,
    private readonly freshness: Freshness,
    private readonly translations: Translations,
    @Inject(CONTROLLER_PROFILE) private readonly controller: ControllerProfile | null,
  ) {}

  @Get()
  @AuditSubjectRead()
  @Header('vary', 'Accept, Accept-Language')
  @ApiOperation({
    summary:
      'The answer to an access request (Art. 15): purposes, categories, recipients and third countries with safeguards, retention, sources, rights, and the personal data the ledger still holds',
    description:
      'JSON, or a document for the person (`?format=pdf|html` or the Accept header) in `?lang=` or Accept-Language, stating the log position it reflects. With `?requestId=` the ledger records the PersonalDataExported (right access, format json/pdf/html) that answers the request, once per request and format: GET /v1/requests then shows it answered (pass `answer.position` as `minPosition`; PDF and HTML answers carry it in the X-Ledger-Position header).',
  })
  @ApiFormats(['json', 'pdf', 'html'], 'the report (with `position`, and `answer` with ?requestId=), or the document for the person')
  async report(
    @Param('subjectId', new ParseUUIDPipe()) subjectId: string,
    @QueryParams() q: AccessReportQueryDto,
    @Headers('accept') accept: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestKey() key: ApiKey,
  ): Promise<AccessReportView | Buffer | string> {
    const format = responseFormat(q.format, accept, ACCESS_REPORT_FORMATS, 'an access report');
    const readModels: ReadModelName[] = q.requestId ? [...ACCESS_REPORT_READ_MODELS, 'requests'] : [...ACCESS_REPORT_READ_MODELS];
    await this.freshness.atLeast(readModels, q.minPosition);
    const position = this.freshness.positionOf(ACCESS_REPORT_READ_MODELS);
    const report = await this.reports.of(subjectId);
    const answer = q.requestId ? await this.reports.recordAnswer(report, q.requestId, format, recorderOf(key)) : undefined;
    if (answer?.position !== undefined) void reply.header('x-ledger-position', String(answer.position));
    if (format === 'json') return { ...report, position, ...(answer ? { answer } : {}) };
    const doc = accessReportDocument(report, this.translations.for(q.lang, acceptLanguage), { controller: this.controller, position, requestId: q.requestId });
    if (format === 'html') {
      void reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', DOCUMENT_HTML_CSP);
      return renderDocumentHtml(doc);
    }
    void reply.header('content-type', MEDIA_TYPES.pdf).header('content-disposition', `inline; filename="access-report-${subjectId}.pdf"`);
    return renderDocumentPdf(doc);
  }
}
