import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ApiKey } from '@ledger/access';
import { RequestKey, recorderOf } from '../access/request-key';
import { Roles } from '../access/roles.decorator';
import { AuditSubjectRead } from '../audit/audit-subject-read.decorator';
import type { FastifyReply } from 'fastify';
import { Clock } from '@ledger/domain';
import { KEY_VAULT, KeyVault } from '@ledger/vault';
import { v7 as uuidv7 } from 'uuid';
import { CLOCK } from '../infrastructure/clock';
import { ErasureRequestDto } from './dto/erasure-request.dto';
import { ErasureStates } from '@ledger/projections';
import { ErasureStatus, ErasureStatusView } from './erasure-status';
import { ErasureRequested, RequestErasureCommand } from './request-erasure.command';
import { SubjectStreamState } from './subject-stream-state';

@ApiTags('erasure')
@Roles('dpo')
@Controller('v1/subjects/:subjectId/erasure')
export class ErasureController {
  constructor(
    private readonly commands: CommandBus,
    private readonly streams: SubjectStreamState,
    private readonly status: ErasureStatusView,
    private readonly states: ErasureStates,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start the erasure workflow: systems report PersonalDataErased, recipients are told, then the ledger shreds the keys',
  })
  async request(
    @Param('subjectId', new ParseUUIDPipe()) subjectId: string,
    @Body() body: ErasureRequestDto,
    @RequestKey() key: ApiKey,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ErasureRequested> {
    if (!(await this.vault.subjectExists(subjectId))) throw new NotFoundException(`no subject ${subjectId}`);
    const requested = await this.commands.execute(new RequestErasureCommand(subjectId, body.requestId ?? `erasure-${uuidv7()}`, 'dpo', recorderOf(key)));
    if (!requested.recorded) reply.status(200);
    return requested;
  }

  @Get()
  @AuditSubjectRead()
  @ApiOperation({ summary: 'Where the erasure stands: systems and recipients still to act, keys shredded, groups retained' })
  async get(@Param('subjectId', new ParseUUIDPipe()) subjectId: string): Promise<ErasureStatus> {
    const { state, revision } = await this.streams.load(subjectId);
    if (revision === undefined) throw new NotFoundException(`no facts are recorded for subject ${subjectId}`);
    return this.status.of(subjectId, state, this.clock.now(), this.states.alarmOf(subjectId));
  }
}
