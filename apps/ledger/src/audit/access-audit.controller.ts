import { Controller, Get, Header, Headers, Inject, Query, StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiFormats } from '../common/api-formats.decorator';
import { Clock, toUtcIso } from '@ledger/domain';
import { Roles } from '../access/roles.decorator';
import { EXPORT_PAGE_SIZE } from '../common/cursor';
import { REGISTER_FORMATS } from '../common/dto/register-query.dto';
import { responseFormat } from '../common/response-format';
import { formatDay } from '../documents/document-head';
import { allPages, csvFile } from '../exports/csv-export';
import { Translations } from '../i18n/translations';
import { CLOCK } from '../infrastructure/clock';
import { accessAuditColumns } from './access-audit-columns';
import { AccessAuditLog } from './access-audit-log';
import { AccessAuditPageDto } from './dto/access-audit-page.dto';
import { AccessAuditQueryDto } from './dto/access-audit-query.dto';
import { ReadPurposes } from './read-purposes';
import type { SubjectReadFilter } from './subject-read';

@ApiTags('audit')
@Roles('dpo')
@Controller('v1/audit/access')
export class AccessAuditController {
  constructor(
    @Inject(AccessAuditLog) private readonly log: AccessAuditLog,
    @Inject(ReadPurposes) private readonly purposes: ReadPurposes,
    private readonly translations: Translations,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Header('vary', 'Accept, Accept-Language')
  @ApiOperation({
    summary: "Who read which subject's records, when and why (the purpose while the subject's keys exist); oldest first, a page at a time",
    description: '`cursor` (or `after`) = the `next` of the previous page. `?format=csv` or `Accept: text/csv` exports every entry that matches the filters.',
  })
  @ApiFormats(['json', 'csv'], 'a page of the log ({entries, next?}), or every entry that matches as CSV', { $ref: getSchemaPath(AccessAuditPageDto) })
  @ApiExtraModels(AccessAuditPageDto)
  async find(
    @Query() query: AccessAuditQueryDto,
    @Headers('accept') accept: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<AccessAuditPageDto | StreamableFile> {
    const format = responseFormat(query.format, accept, REGISTER_FORMATS, 'the access audit log');
    const filter: Omit<SubjectReadFilter, 'after' | 'limit'> = {
      subjectId: query.subjectId,
      keyId: query.keyId,
      from: query.from && toUtcIso(query.from),
      to: query.to && toUtcIso(query.to),
    };
    const after = query.cursor !== undefined ? Number(query.cursor) : query.after;
    if (format === 'csv') {
      const m = this.translations.for(query.lang, acceptLanguage);
      const entries = allPages(async (from: number | undefined) => {
        const rows = await this.log.find({ ...filter, after: from ?? after, limit: EXPORT_PAGE_SIZE + 1 });
        const items = await this.purposes.open(rows.slice(0, EXPORT_PAGE_SIZE));
        return { items, ...(rows.length > EXPORT_PAGE_SIZE ? { next: items[items.length - 1].id } : {}) };
      });
      return csvFile(entries, accessAuditColumns(m), query.delimiter, `${m.t('csv.audit.file')}-${formatDay(this.clock.now().toISOString())}.csv`);
    }
    const entries = await this.log.find({ ...filter, after, limit: query.limit + 1 });
    const page = await this.purposes.open(entries.slice(0, query.limit));
    return { entries: page, ...(entries.length > query.limit ? { next: page[page.length - 1].id } : {}) };
  }
}
