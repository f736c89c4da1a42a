import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Fact } from '@ledger/domain';
import type { ApiKey } from '@ledger/access';
import { AppendsFacts } from '../access/appends-facts.decorator';
import { RequestKey, recorderOf } from '../access/request-key';
import { Roles } from '../access/roles.decorator';
import { EventBatchDto, EventEnvelopeDto } from './dto/event-envelope.dto';
import { RecordedFactDto, RecordedFactsDto } from './dto/recorded-fact.dto';
import { FactBatchPipe, FactPipe } from './facts.pipe';
import { RecordFactsCommand } from './record-facts.command';

@ApiTags('ingestion')
@Roles('emitter', 'dpo')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @AppendsFacts('one')
  @ApiOperation({ summary: 'Record one fact' })
  @ApiBody({ type: EventEnvelopeDto })
  @ApiResponse({ status: 201, type: RecordedFactDto, description: 'recorded' })
  @ApiResponse({ status: 200, type: RecordedFactDto, description: 'this id was recorded before with the same content; nothing written' })
  @ApiResponse({ status: 400, description: 'invalid: every problem named, nothing written' })
  @ApiResponse({ status: 409, description: 'this id was recorded before with different content' })
  async record(@Body(FactPipe) fact: Fact, @RequestKey() key: ApiKey, @Res({ passthrough: true }) reply: FastifyReply): Promise<RecordedFactDto> {
    const [recorded] = await this.commands.execute(new RecordFactsCommand([fact], recorderOf(key)));
    if (recorded.duplicate) reply.status(200);
    const { duplicate, ...body } = recorded;
    return body;
  }

  @Post('batch')
  @HttpCode(201)
  @AppendsFacts('batch')
  @ApiOperation({ summary: 'Record up to 1000 facts atomically: all or none' })
  @ApiBody({ type: EventBatchDto })
  @ApiResponse({ status: 201, type: RecordedFactsDto })
  @ApiResponse({ status: 200, type: RecordedFactsDto, description: 'every id was recorded before with the same content' })
  @ApiResponse({ status: 400, description: 'invalid items listed by index; nothing written' })
  async recordBatch(@Body(FactBatchPipe) facts: Fact[], @RequestKey() key: ApiKey, @Res({ passthrough: true }) reply: FastifyReply): Promise<RecordedFactsDto> {
    const recorded = await this.commands.execute(new RecordFactsCommand(facts, recorderOf(key)));
    if (recorded.every((r) => r.duplicate)) reply.status(200);
    return { events: recorded };
  }
}
