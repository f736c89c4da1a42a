import { Controller, Get, Param, ParseUUIDPipe, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { toUtcIso } from '@ledger/domain';
import { ReadQueryDto } from '../projections/dto/read-query.dto';
import { Freshness } from '../projections/freshness.service';
import { DataMapQuery, DataMapView } from './data-map.query';
import { Roles } from '../access/roles.decorator';
import { AuditSubjectRead } from '../audit/audit-subject-read.decorator';
import { SubjectEventsPageDto } from './dto/page-query.dto';
import { HistoryQueryDto, SubjectLookupDto } from './dto/subject-queries.dto';
import { HistoryPage, HistoryQuery } from './history.query';
import { SubjectEventsPage, SubjectEventsQuery } from './subject-events.query';
import { SubjectLookupQuery } from './subject-lookup.query';

@ApiTags('subjects')
@Roles('dpo')
@Controller('v1/subjects')
export class SubjectsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly freshness: Freshness,
  ) {}

  @Get()
  @AuditSubjectRead({ lookup: true })
  @ApiOperation({ summary: 'The subjectId of the person an emitting system knows by externalId' })
  lookup(@QueryParams() { system, externalId }: SubjectLookupDto): Promise<{ subjectId: string }> {
    return this.queries.execute(new SubjectLookupQuery(system, externalId));
  }

  @Get(':subjectId/events')
  @AuditSubjectRead()
  @ApiOperation({ summary: "A subject's stored facts, decrypted where its keys exist, in log order" })
  events(@Param('subjectId', new ParseUUIDPipe()) subjectId: string, @QueryParams() page: SubjectEventsPageDto): Promise<SubjectEventsPage> {
    return this.queries.execute(new SubjectEventsQuery(subjectId, page.limit, page.after));
  }

  @Get(':subjectId/data-map')
  @AuditSubjectRead()
  @ApiOperation({ summary: 'Per category: purposes, legal bases, sources, systems, recipients, retention, status, breaches' })
  async dataMap(@Param('subjectId', new ParseUUIDPipe()) subjectId: string, @QueryParams() read: ReadQueryDto): Promise<DataMapView> {
    await this.freshness.atLeast(['subjects', 'recipients'], read.minPosition);
    return this.queries.execute(new DataMapQuery(subjectId));
  }

  @Get(':subjectId/history')
  @AuditSubjectRead()
  @ApiOperation({ summary: "A subject's processing history in business time; filter by type and period" })
  async history(@Param('subjectId', new ParseUUIDPipe()) subjectId: string, @QueryParams() q: HistoryQueryDto): Promise<HistoryPage> {
    await this.freshness.atLeast(['subjects', 'history'], q.minPosition);
    return this.queries.execute(
      new HistoryQuery(subjectId, {
        types: q.type,
        from: q.from && toUtcIso(q.from),
        to: q.to && toUtcIso(q.to),
        cursor: q.cursor,
        limit: q.limit,
      }),
    );
  }
}
