import { Controller, Get, Header, Headers, Inject, NotFoundException, Param, Query as QueryParams, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiFormats } from '../common/api-formats.decorator';
import type { FastifyReply } from 'fastify';
import { Roles } from '../access/roles.decorator';
import { BreachRegisterEntry, Clock, ControllerProfile, Finding, breachRegisterEntry } from '@ledger/domain';
import { BreachKey, ReadModels, RegisterPages } from '@ledger/projections';
import { EXPORT_PAGE_SIZE, decodeCursor, encodeCursor, stringFields } from '../common/cursor';
import { DOCUMENT_REGISTER_FORMATS, DocumentRegisterQueryDto } from '../common/dto/register-query.dto';
import { MEDIA_TYPES, responseFormat } from '../common/response-format';
import { CONTROLLER_PROFILE } from '../controller-profile/controller-profile.provider';
import { formatDay } from '../documents/document-head';
import { DOCUMENT_HTML_CSP, renderDocumentHtml } from '../documents/document-html';
import { renderDocumentPdf } from '../documents/document-pdf';
import { allPages, csvFile } from '../exports/csv-export';
import { Translations } from '../i18n/translations';
import { CLOCK } from '../infrastructure/clock';
import { ReadQueryDto } from '../projections/dto/read-query.dto';
import { Freshness } from '../projections/freshness.service';
import { breachColumns } from './breach-columns';
import { breachRegisterDocument } from './breach-register-document';
import { BreachIdParam } from './dto/breach-id.param';

export interface BreachesPage {
  breaches: BreachRegisterEntry[];
  total: number;
  /** Pass as `cursor` for the next page; absent on the last. */
  next?: string;
}

const isBreachKey = stringFields<BreachKey>('awareAt', 'breachId');

@ApiTags('breaches')
@Roles('dpo')
@Controller('v1/breaches')
export class BreachesController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly pages: RegisterPages,
    private readonly freshness: Freshness,
    private readonly translations: Translations,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONTROLLER_PROFILE) private readonly controller: ControllerProfile | null,
  ) {}

  @Get()
  @Header('vary', 'Accept, Accept-Language')
  @ApiOperation({
    summary: 'The Art. 33(5) breach register: every breach, notified or not',
    description:
      'Newest awareness first, a page at a time (`limit`, `cursor` = the `next` of the previous page). `?format=csv|pdf|html` or the Accept header: every breach as a CSV file, or as a document to file (controller, DPO, date, log position, page numbers), in `?lang=` or Accept-Language.',
  })
  @ApiFormats(['json', 'csv', 'pdf', 'html'], 'a page of the register ({breaches, total, next?}), or every breach as CSV, PDF or HTML')
  async list(
    @QueryParams() q: DocumentRegisterQueryDto,
    @Headers('accept') accept: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BreachesPage | StreamableFile | Buffer | string> {
    const format = responseFormat(q.format, accept, DOCUMENT_REGISTER_FORMATS, 'the breach register');
    await this.freshness.atLeast(['breaches'], q.minPosition);
    const now = this.clock.now();
    const entries = () => allPages((after: BreachKey | undefined) => this.pages.breaches(after, EXPORT_PAGE_SIZE));
    const m = this.translations.for(q.lang, acceptLanguage);
    const file = `${m.t('csv.breaches.file')}-${formatDay(now.toISOString())}`;
    if (format === 'csv') {
      const views = (async function* () {
        for await (const b of entries()) yield breachRegisterEntry(b, now);
      })();
      return csvFile(views, breachColumns(m), q.delimiter, `${file}.csv`);
    }
    if (format === 'pdf' || format === 'html') {
      // Read in one turn of the event loop, so the stated position is the one the entries reflect.
      const position = this.freshness.positionOf(['breaches']);
      const all: BreachRegisterEntry[] = [];
      let after: BreachKey | undefined;
      do {
        const page = this.pages.breaches(after, EXPORT_PAGE_SIZE);
        all.push(...page.items.map((b) => breachRegisterEntry(b, now)));
        after = page.next;
      } while (after !== undefined);
      const doc = breachRegisterDocument(all, m, { controller: this.controller, now, position });
      if (format === 'html') {
        void reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', DOCUMENT_HTML_CSP);
        return renderDocumentHtml(doc);
      }
      void reply.header('content-type', MEDIA_TYPES.pdf).header('content-disposition', `inline; filename="${file}.pdf"`);
      return renderDocumentPdf(doc);
    }
    const page = this.pages.breaches(decodeCursor(q.cursor, isBreachKey), q.limit);
    return {
      breaches: page.items.map((b) => breachRegisterEntry(b, now)),
      total: this.pages.breachesTotal(),
      ...(page.next ? { next: encodeCursor(page.next) } : {}),
    };
  }

  @Get(':breachId')
  @ApiOperation({ summary: 'One register entry: facts, effects, remedial action, notification and its 72-hour deadline' })
  async get(@Param() { breachId }: BreachIdParam, @QueryParams() read: ReadQueryDto): Promise<BreachRegisterEntry & { findings: Finding[] }> {
    await this.freshness.atLeast(['breaches'], read.minPosition);
    const record = this.readModels.breach(breachId);
    if (!record) throw new NotFoundException(`no breach ${breachId} is recorded`);
    const now = this.clock.now();
    return { ...breachRegisterEntry(record, now), findings: this.readModels.findings({ now, breachId }) };
  }
}
