import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query as QueryParams,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ApiKey } from '@ledger/access';
import { RequestKey, recorderOf } from '../access/request-key';
import { Roles } from '../access/roles.decorator';
import { AuditSubjectRead } from '../audit/audit-subject-read.decorator';
import type { FastifyReply } from 'fastify';
import { Clock, ErasureState, ErasureStatus, currentEpisode, erasureStatus } from '@ledger/domain';
import { KEY_VAULT, KeyVault } from '@ledger/vault';
import { v7 as uuidv7 } from 'uuid';
import { CLOCK } from '../infrastructure/clock';
import { ReadQueryDto } from '../projections/dto/read-query.dto';
import { Freshness } from '../projections/freshness.service';
import { HistoryPage, HistoryQuery } from '../subjects/history.query';
import { ErasureRequestDto } from './dto/erasure-request.dto';
import { ErasureProcess, ErasureStates } from '@ledger/projections';
import { ErasureRequested, RequestErasureCommand } from './request-erasure.command';
import { SubjectStreamState } from './subject-stream-state';

/** More requests than any subject has (the read models keep at most 512). */
const REQUESTS_READ = 1000;

@ApiTags('erasure')
@Roles('dpo')
@Controller('v1/subjects/:subjectId/erasure')
export class ErasureController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly streams: SubjectStreamState,
    private readonly states: ErasureStates,
    private readonly freshness: Freshness,
    private readonly process: ErasureProcess,
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
    // Art. 12(3) runs from receipt: a request taken by phone last week is recorded as received then.
    if (body.receivedAt !== undefined && Date.parse(body.receivedAt) > this.clock.now().getTime()) {
      throw new BadRequestException({ message: 'receivedAt is in the future', details: [{ path: 'receivedAt', message: 'must not be after now' }] });
    }
    if (!(await this.vault.subjectExists(subjectId))) throw new NotFoundException(`no subject ${subjectId}`);
    const requestId = body.requestId ?? `erasure-${uuidv7()}`;
    const requested = await this.commands.execute(
      new RequestErasureCommand(subjectId, requestId, 'dpo', recorderOf(key), {
        ground: body.ground,
        note: body.note,
        ...(body.receivedAt ? { receivedAt: body.receivedAt } : {}),
      }),
    );
    if (!requested.recorded) reply.status(200);
    return requested;
  }

  @Get()
  @AuditSubjectRead()
  @ApiOperation({ summary: 'Where the erasure stands: its request, ground and note, systems and recipients still to act, keys shredded, groups retained' })
  async get(@Param('subjectId', new ParseUUIDPipe()) subjectId: string, @QueryParams() read: ReadQueryDto): Promise<ErasureStatus> {
    // Not a state between keys falling due and their shredding (which the read side may run in another thread).
    await this.freshness.erasureCaughtUp();
    await this.process.settled(subjectId);
    const { state, revision } = await this.streams.load(subjectId);
    if (revision === undefined) throw new NotFoundException(`no facts are recorded for subject ${subjectId}`);
    const status = erasureStatus(subjectId, state, this.clock.now(), this.states.alarmOf(subjectId));
    const note = await this.noteOf(subjectId, state, read.minPosition);
    return note === undefined ? status : { ...status, note };
  }

  /** The note of the erasure's first request that has one, decrypted while the identity key exists (from the history read model). */
  private async noteOf(subjectId: string, state: ErasureState, minPosition?: number): Promise<string | undefined> {
    const requests = currentEpisode(state)?.requestIds;
    if (!requests) return undefined;
    await this.freshness.atLeast(['history'], minPosition);
    let history: HistoryPage;
    try {
      history = await this.queries.execute(new HistoryQuery(subjectId, { types: ['SubjectRequestReceived'], limit: REQUESTS_READ }));
    } catch (error) {
      // The read models have not seen the subject yet: no note to show.
      if (error instanceof NotFoundException) return undefined;
      throw error;
    }
    const note = history.events.map((e) => e.data).find((d) => requests.has(String(d.requestId)) && typeof d.note === 'string')?.note;
    return typeof note === 'string' ? note : undefined;
  }
}
