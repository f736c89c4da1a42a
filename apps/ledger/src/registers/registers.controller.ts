import { Controller, Get, Header, Headers, Inject, Query as QueryParams, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiFormats } from '../common/api-formats.decorator';
import type { FastifyReply } from 'fastify';
import { Roles } from '../access/roles.decorator';
import { Clock, ControllerProfile, ObservedPurpose, RecordOfProcessing, recordOfProcessing } from '@ledger/domain';
import { ReadModels, RecipientEntry, RegisterPages } from '@ledger/projections';
import { CONTROLLER_PROFILE } from '../controller-profile/controller-profile.provider';
import { EXPORT_PAGE_SIZE, decodeCursor, encodeCursor } from '../common/cursor';
import { DOCUMENT_REGISTER_FORMATS, DocumentRegisterQueryDto, REGISTER_FORMATS, RegisterQueryDto } from '../common/dto/register-query.dto';
import { MEDIA_TYPES, responseFormat } from '../common/response-format';
import { formatDay } from '../documents/document-head';
import { DOCUMENT_HTML_CSP, renderDocumentHtml } from '../documents/document-html';
import { renderDocumentPdf } from '../documents/document-pdf';
import { allPages, csvFile } from '../exports/csv-export';
import { Translations } from '../i18n/translations';
import { CLOCK } from '../infrastructure/clock';
import { Freshness } from '../projections/freshness.service';
import { recipientColumns } from './recipient-columns';
import { recordColumns, recordRows } from './record-columns';
import { recordDocument } from './record-document';

export interface RecipientsPage {
  recipients: RecipientEntry[];
  total: number;
  /** Pass as `cursor` for the next page; absent on the last. */
  next?: string;
}

const isRecipientKey = (value: unknown): value is string => typeof value === 'string' && value.length <= 256;
const isPurposeKey = (value: unknown): value is string => typeof value === 'string' && value !== '' && value.length <= 256;

@ApiTags('registers')
@Controller('v1')
export class RegistersController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly pages: RegisterPages,
    private readonly freshness: Freshness,
    private readonly translations: Translations,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONTROLLER_PROFILE) private readonly controller: ControllerProfile | null,
  ) {}

  @Get('recipients')
  @Roles('dpo')
  @Header('vary', 'Accept, Accept-Language')
  @ApiOperation({
    summary: 'The processor/recipient register',
    description:
      'By recipient id, a page at a time (`limit`, `cursor` = the `next` of the previous page). `?format=csv` or `Accept: text/csv` exports every recipient.',
  })
  @ApiFormats(['json', 'csv'], 'a page of the register ({recipients, total, next?}), or every recipient as CSV')
  async recipients(
    @QueryParams() q: RegisterQueryDto,
    @Headers('accept') accept: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<RecipientsPage | StreamableFile> {
    const format = responseFormat(q.format, accept, REGISTER_FORMATS, 'the recipient register');
    await this.freshness.atLeast(['recipients'], q.minPosition);
    if (format === 'csv') {
      const m = this.translations.for(q.lang, acceptLanguage);
      const all = allPages((after: string | undefined) => this.pages.recipients(after, EXPORT_PAGE_SIZE));
      return csvFile(all, recipientColumns(m), q.delimiter, `${m.t('csv.recipients.file')}-${formatDay(this.clock.now().toISOString())}.csv`);
    }
    const page = this.pages.recipients(decodeCursor(q.cursor, isRecipientKey), q.limit);
    return { recipients: page.items, total: this.pages.recipientsTotal(), ...(page.next ? { next: encodeCursor(page.next) } : {}) };
  }

  @Get('records-of-processing')
  @Roles('dpo', 'regulator')
  @Header('vary', 'Accept, Accept-Language')
  @ApiOperation({
    summary:
      'The Art. 30(1) record, recipients with their countries and safeguards; processing no declared activity covers, and transfers without a safeguard, flagged',
    description:
      'JSON by default: the declared activities whole, the undeclared processing one page of purposes at a time (`limit`, `cursor` from `next`). `?format=csv|pdf|html` or the Accept header: the whole record, one CSV row per activity (and per undeclared purpose), or a document to file (controller, DPO, date, log position, page numbers), in `?lang=` or Accept-Language.',
  })
  @ApiFormats(['json', 'csv', 'pdf', 'html'], 'the record, or one CSV row per activity, or a document to file (PDF, HTML)')
  async recordsOfProcessing(
    @QueryParams() q: DocumentRegisterQueryDto,
    @Headers('accept') accept: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecordOfProcessing | StreamableFile | Buffer | string> {
    const format = responseFormat(q.format, accept, DOCUMENT_REGISTER_FORMATS, 'the record of processing');
    await this.freshness.atLeast(['recipients', 'processing-records'], q.minPosition);
    // Read in one turn of the event loop, so the stated position is the one the record reflects.
    const position = this.freshness.positionOf(['recipients', 'processing-records']);
    const activities = this.readModels.activities();
    const declared = [...new Set(activities.flatMap((a) => a.declaration.purposes))];
    // JSON pages the undeclared purposes; a document to file holds them all.
    let undeclared: ObservedPurpose[];
    let next: string | undefined;
    if (format === 'json') {
      const page = this.readModels.undeclaredPurposes(declared, { after: decodeCursor(q.cursor, isPurposeKey), limit: q.limit + 1 });
      undeclared = page.slice(0, q.limit);
      if (page.length > q.limit) next = encodeCursor(undeclared[undeclared.length - 1].purpose);
    } else {
      undeclared = [];
      for (;;) {
        const page = this.readModels.undeclaredPurposes(declared, { after: undeclared.at(-1)?.purpose, limit: EXPORT_PAGE_SIZE });
        undeclared.push(...page);
        if (page.length < EXPORT_PAGE_SIZE) break;
      }
    }
    const record = recordOfProcessing({
      controller: this.controller,
      now: this.clock.now(),
      activities,
      recipients: this.readModels.recipients(),
      observed: this.readModels.observedProcessing([...declared, ...undeclared.map((u) => u.purpose)]),
      undeclared,
      ...(next ? { next } : {}),
    });
    if (format === 'json') return record;
    const m = this.translations.for(q.lang, acceptLanguage);
    const file = `${m.t('csv.record.file')}-${formatDay(record.generatedAt)}`;
    if (format === 'csv') return csvFile(recordRows(record), recordColumns(m), q.delimiter, `${file}.csv`);
    const doc = recordDocument(record, m, position);
    if (format === 'html') {
      void reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', DOCUMENT_HTML_CSP);
      return renderDocumentHtml(doc);
    }
    void reply.header('content-type', MEDIA_TYPES.pdf).header('content-disposition', `inline; filename="${file}.pdf"`);
    return renderDocumentPdf(doc);
  }
}
