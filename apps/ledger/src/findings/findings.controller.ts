import { Controller, Get, Inject, Query as QueryParams } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/roles.decorator';
import { AuditSubjectRead } from '../audit/audit-subject-read.decorator';
import { Clock, Finding } from '@ledger/domain';
import { ReadModels } from '@ledger/projections';
import { CLOCK } from '../infrastructure/clock';
import { Freshness } from '../projections/freshness.service';
import { FindingsQueryDto } from './dto/findings-query.dto';

export interface FindingView extends Finding {
  /** Past its due date at `now`. */
  overdue: boolean;
}

@ApiTags('findings')
@Roles('dpo')
@Controller('v1/findings')
export class FindingsController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly freshness: Freshness,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @AuditSubjectRead({ query: 'subjectId' })
  @ApiOperation({ summary: 'Compliance findings at the ledger clock: rule, subject or breach, due date, status (open by default)' })
  async list(@QueryParams() q: FindingsQueryDto): Promise<{ now: string; findings: FindingView[] }> {
    await this.freshness.atLeast(['subjects', 'breaches'], q.minPosition);
    const now = this.clock.now();
    const findings = this.readModels.findings({
      now,
      status: q.status === 'all' ? undefined : q.status,
      rule: q.rule,
      subjectId: q.subjectId,
      breachId: q.breachId,
    });
    return { now: now.toISOString(), findings: findings.map((f) => ({ ...f, overdue: f.status === 'open' && Date.parse(f.dueAt) < now.getTime() })) };
  }
}
