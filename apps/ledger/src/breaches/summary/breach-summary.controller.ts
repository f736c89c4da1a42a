import { Controller, Get, Header, Headers, Param, Query as QueryParams, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { SignedBreachSummary } from '@ledger/domain';
import type { FastifyReply } from 'fastify';
import { Freshness } from '../../projections/freshness.service';
import { BreachIdParam } from '../dto/breach-id.param';
import { SummaryQueryDto } from '../dto/summary-query.dto';
import { SignedSummaries } from './signed-summaries.service';
import { SUMMARY_HTML_CSP, renderSummaryHtml } from './summary-html';
import { renderSummaryPdf } from './summary-pdf';
import { SUMMARY_MEDIA_TYPES, summaryFormat } from './summary-format';
import { Roles } from '../../access/roles.decorator';
import { Translations } from '../../i18n/translations';

@ApiTags('breaches')
@Roles('dpo', 'regulator')
@Controller('v1/breaches')
export class BreachSummaryController {
  constructor(
    private readonly summaries: SignedSummaries,
    private readonly freshness: Freshness,
    private readonly translations: Translations,
  ) {}

  @Get(':breachId/summary')
  @ApiOperation({
    summary: 'The signed Art. 33(3) summary for the supervisory authority: counts and categories, no subject identities',
    description:
      "JSON {summary, signature} by default; HTML or PDF by the Accept header or ?format=, in `?lang=` or Accept-Language (default: the controller profile's `language`): English in the sections of the EDPB template, Dutch in those of the Autoriteit Persoonsgegevens' notification form; the signed JSON is the same in every language. The documents state the log position they reflect. 409 when no controller profile is configured.",
  })
  @Header('vary', 'Accept, Accept-Language')
  @ApiProduces(...Object.values(SUMMARY_MEDIA_TYPES))
  async summary(
    @Param() { breachId }: BreachIdParam,
    @QueryParams() query: SummaryQueryDto,
    @Headers('accept') accept: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SignedBreachSummary | string | Buffer> {
    const format = summaryFormat(query.format, accept);
    await this.freshness.atLeast(['breaches'], query.minPosition);
    // Read in one turn of the event loop, so the stated position is the one the summary reflects.
    const position = this.freshness.positionOf(['breaches']);
    const signed = this.summaries.of(breachId);
    const messages = this.translations.for(query.lang, acceptLanguage);
    if (format === 'html') {
      void reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', SUMMARY_HTML_CSP);
      return renderSummaryHtml(signed, messages, position);
    }
    if (format === 'pdf') {
      void reply.header('content-type', SUMMARY_MEDIA_TYPES.pdf).header('content-disposition', `inline; filename="breach-summary-${breachId}.pdf"`);
      return renderSummaryPdf(signed, messages, position);
    }
    return signed;
  }
}
