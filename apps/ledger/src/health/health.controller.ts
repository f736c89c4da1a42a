import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../access/public.decorator';
import { EventStoreHealthIndicator } from './event-store.health';

/** Liveness, for anyone: up or down, nothing else (no position, no store name). Readiness is GET /health/ready. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly eventStore: EventStoreHealthIndicator,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the server runs and its event store answers' })
  @ApiOkResponse({ description: '{"status":"up"}' })
  @ApiServiceUnavailableResponse({ description: '{"status":"down"}' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: 'up' | 'down' }> {
    try {
      await this.health.check([() => this.eventStore.check()]);
      return { status: 'up' };
    } catch {
      void reply.code(503);
      return { status: 'down' };
    }
  }
}
