import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../access/roles.decorator';
import { AcceptsScrapeToken } from '../access/scrape-token.decorator';
import { LedgerMetrics } from './ledger-metrics';

@ApiTags('health')
@Roles()
@AcceptsScrapeToken()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: LedgerMetrics) {}

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics (text format)',
    description:
      "For admin keys, or a scraper presenting LEDGER_METRICS_TOKEN as its bearer token: read models' positions, lag and errors, the log head, readiness, and process metrics.",
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The Prometheus text exposition format, version 0.0.4' })
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const body = await this.metrics.render();
    void reply.header('content-type', this.metrics.contentType);
    return body;
  }
}
