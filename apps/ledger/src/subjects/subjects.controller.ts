import { Controller, Get, Param, ParseUUIDPipe, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/roles.decorator';
import { AuditSubjectRead } from '../audit/audit-subject-read.decorator';
import { SubjectEventsPageDto } from './dto/page-query.dto';
import { SubjectEventsPage, SubjectEventsQuery } from './subject-events.query';

@ApiTags('subjects')
@Roles('dpo')
@Controller('v1/subjects')
export class SubjectsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':subjectId/events')
  @AuditSubjectRead()
  @ApiOperation({ summary: "A subject's stored facts, decrypted where its keys exist, oldest first" })
  events(
    @Param('subjectId', new ParseUUIDPipe()) subjectId: string,
    @QueryParams() page: SubjectEventsPageDto,
  ): Promise<SubjectEventsPage> {
    return this.queries.execute(new SubjectEventsQuery(subjectId, page.limit, page.after));
  }
}
