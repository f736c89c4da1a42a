import { Controller, Get, Header, Headers, Inject, Query as QueryParams, Req, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiFormats } from '../common/api-formats.decorator';
import type { FastifyRequest } from 'fastify';
import { Clock, toUtcIso } from '@ledger/domain';
import { RegisterPages, RequestFilter, RequestKey } from '@ledger/projections';
import { RequestAuthenticator } from '../access/request-authenticator';
import { Roles } from '../access/roles.decorator';
import { EXPORT_PAGE_SIZE, decodeCursor, encodeCursor, stringFields } from '../common/cursor';
import { REGISTER_FORMATS } from '../common/dto/register-query.dto';
import { responseFormat } from '../common/response-format';
import { csvFile } from '../exports/csv-export';
import { formatDay } from '../documents/document-head';
import { Translations } from '../i18n/translations';
import { CLOCK } from '../infrastructure/clock';
import { Freshness } from '../projections/freshness.service';
import { RequestsQueryDto } from './dto/requests-query.dto';
import { requestColumns } from './request-columns';
import { RequestEntry, RequestRegister } from './request-register.service';

export interface RequestsPage {
  now: string;
  requests: RequestEntry[];
  total: number;
  /** Pass as `cursor` for the next page; absent on the last. */
  next?: string;
}

const isRequestKey = stringFields<RequestKey>('receivedAt', 'subjectId', 'requestId');

@ApiTags('requests')
@Roles('dpo')
@Controller('v1/requests')
export class RequestsController {
  constructor(
    private readonly pages: RegisterPages,
    private readonly register: RequestRegister,
    private readonly freshness: Freshness,
    private readonly translations: Translations,
    @Inject(RequestAuthenticator) private readonly authenticator: RequestAuthenticator,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Header('vary', 'Accept, Accept-Language')
  @ApiOperation({
    summary: 'The register of data-subject requests (Art. 12(3)): received, due (after any extension), answered by which fact, status at the ledger clock',
    description:
      'Newest first, a page at a time (`limit`, `cursor` = the `next` of the previous page). The reason of an extension is sealed personal text: shown to dpo keys while the subject\'s keys exist, "[erased]" after. `?format=csv` or `Accept: text/csv` exports every request that matches the filters.',
  })
  @ApiFormats(['json', 'csv'], 'a page of the register ({now, requests, total, next?}), or every request that matches as CSV')
  async list(
    @QueryParams() q: RequestsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<RequestsPage | StreamableFile> {
    const format = responseFormat(q.format, accept, REGISTER_FORMATS, 'the register of subject requests');
    await this.freshness.atLeast(['requests'], q.minPosition);
    const now = this.clock.now();
    const reasons = this.authenticator.keyOf(request)?.role === 'dpo';
    const filter: RequestFilter = {
      now,
      status: q.status,
      right: q.right,
      from: q.from && toUtcIso(q.from),
      to: q.to && toUtcIso(q.to),
      overdue: q.overdue,
    };
    if (format === 'csv') {
      const m = this.translations.for(q.lang, acceptLanguage);
      const register = this.register;
      const pages = this.pages;
      const entries = (async function* () {
        let after: RequestKey | undefined;
        do {
          const page = pages.requests(filter, after, EXPORT_PAGE_SIZE);
          yield* await register.entries(page.items, now, reasons);
          after = page.next;
        } while (after !== undefined);
      })();
      return csvFile(entries, requestColumns(m), q.delimiter, `${m.t('csv.requests.file')}-${formatDay(now.toISOString())}.csv`);
    }
    const page = this.pages.requests(filter, decodeCursor(q.cursor, isRequestKey), q.limit);
    return {
      now: now.toISOString(),
      requests: await this.register.entries(page.items, now, reasons),
      total: this.pages.requestsTotal(filter),
      ...(page.next ? { next: encodeCursor(page.next) } : {}),
    };
  }
}
