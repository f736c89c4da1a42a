import { Controller, Get, Inject, NotFoundException, Param, Query as QueryParams } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/roles.decorator';
import { BreachRegisterEntry, Clock, Finding, breachRegisterEntry } from '@ledger/domain';
import { ReadModels } from '@ledger/projections';
import { CLOCK } from '../infrastructure/clock';
import { ReadQueryDto } from '../projections/dto/read-query.dto';
import { Freshness } from '../projections/freshness.service';
import { BreachIdParam } from './dto/breach-id.param';

@ApiTags('breaches')
@Roles('dpo')
@Controller('v1/breaches')
export class BreachesController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly freshness: Freshness,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The Art. 33(5) breach register: every breach, notified or not' })
  async list(@QueryParams() read: ReadQueryDto): Promise<{ breaches: BreachRegisterEntry[] }> {
    await this.freshness.atLeast(['breaches'], read.minPosition);
    const now = this.clock.now();
    return { breaches: this.readModels.breaches().map((b) => breachRegisterEntry(b, now)) };
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
