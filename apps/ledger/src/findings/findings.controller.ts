import { Controller, Get, Header, Headers, Inject, Query as QueryParams, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiFormats } from '../common/api-formats.decorator';
import { Roles } from '../access/roles.decorator';
import { AuditSubjectRead } from '../audit/audit-subject-read.decorator';
import { Clock, Finding } from '@ledger/domain';
import { FindingFilter, FindingKey, RegisterPages } from '@ledger/projections';
import { EXPORT_PAGE_SIZE, decodeCursor, encodeCursor, stringFields } from '../common/cursor';
import { REGISTER_FORMATS } from '../common/dto/register-query.dto';
import { responseFormat } from '../common/response-format';
import { formatDay } from '../documents/document-head';
import { allPages, csvFile } from '../exports/csv-export';
import { Messages, Translations } from '../i18n/translations';
import { CLOCK } from '../infrastructure/clock';
import { Freshness } from '../projections/freshness.service';
import { FindingsQueryDto } from './dto/findings-query.dto';
import { findingColumns } from './finding-columns';
import { findingSummary } from './finding-text';

export interface FindingView extends Finding {
  /** Past its due date at `now`. */
  overdue: boolean;
}

export interface FindingsPage {
  now: string;
  findings: FindingView[];
  /** How many findings match the filters, on every page. */
  total: number;
  /** Pass as `cursor` for the next page; absent on the last. */
  next?: string;
}

const isFindingKey = stringFields<FindingKey>('dueAt', 'id');

@ApiTags('findings')
@Roles('dpo')
@Controller('v1/findings')
export class FindingsController {
  constructor(
    private readonly pages: RegisterPages,
    private readonly freshness: Freshness,
    private readonly translations: Translations,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @AuditSubjectRead({ query: 'subjectId' })
  @Header('vary', 'Accept, Accept-Language')
  @ApiOperation({
    summary: 'Compliance findings at the ledger clock: rule, subject or breach, due date, status (open by default)',
    description:
      'By due date, a page at a time (`limit`, `cursor` = the `next` of the previous page), with `total`. Summaries in the language asked for (`?lang=`, Accept-Language). `?format=csv` or `Accept: text/csv` exports every finding that matches the filters.',
  })
  @ApiFormats(['json', 'csv'], 'a page of findings ({now, findings, total, next?}), or every finding that matches as CSV')
  async list(
    @QueryParams() q: FindingsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<FindingsPage | StreamableFile> {
    const format = responseFormat(q.format, accept, REGISTER_FORMATS, 'the findings');
    await this.freshness.atLeast(['subjects', 'breaches'], q.minPosition);
    const now = this.clock.now();
    const m = this.translations.for(q.lang, acceptLanguage);
    const filter: FindingFilter = {
      now,
      status: q.status === 'all' ? undefined : q.status,
      rule: q.rule,
      due: q.due,
      subjectId: q.subjectId,
      breachId: q.breachId,
    };
    if (format === 'csv') {
      const findings = allPages((after: FindingKey | undefined) => this.pages.findings(filter, after, EXPORT_PAGE_SIZE));
      const views = (async function* () {
        for await (const f of findings) yield findingView(f, now, m);
      })();
      return csvFile(views, findingColumns(m), q.delimiter, `${m.t('csv.findings.file')}-${formatDay(now.toISOString())}.csv`);
    }
    const page = this.pages.findings(filter, decodeCursor(q.cursor, isFindingKey), q.limit);
    return {
      now: now.toISOString(),
      findings: page.items.map((f) => findingView(f, now, m)),
      total: this.pages.findingsTotal(filter),
      ...(page.next ? { next: encodeCursor(page.next) } : {}),
    };
  }
}

export const findingView = (f: Finding, now: Date, m: Messages): FindingView => ({
  ...f,
  summary: findingSummary(f, m),
  overdue: f.status === 'open' && Date.parse(f.dueAt) < now.getTime(),
});
