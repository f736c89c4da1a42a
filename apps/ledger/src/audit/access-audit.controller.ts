import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { toUtcIso } from '@ledger/domain';
import { Roles } from '../access/roles.decorator';
import { AccessAuditLog } from './access-audit-log';
import { AccessAuditPageDto } from './dto/access-audit-page.dto';
import { AccessAuditQueryDto } from './dto/access-audit-query.dto';
import { ReadPurposes } from './read-purposes';

@ApiTags('audit')
@Roles('dpo')
@Controller('v1/audit/access')
export class AccessAuditController {
  constructor(
    @Inject(AccessAuditLog) private readonly log: AccessAuditLog,
    @Inject(ReadPurposes) private readonly purposes: ReadPurposes,
  ) {}

  @Get()
  @ApiOperation({ summary: "Who read which subject's records, when and why (the purpose while the subject's keys exist); oldest first, a page at a time" })
  @ApiResponse({ status: 200, type: AccessAuditPageDto })
  async find(@Query() query: AccessAuditQueryDto): Promise<AccessAuditPageDto> {
    const entries = this.log.find({
      subjectId: query.subjectId,
      keyId: query.keyId,
      from: query.from && toUtcIso(query.from),
      to: query.to && toUtcIso(query.to),
      after: query.after,
      limit: query.limit + 1,
    });
    const page = await this.purposes.open(entries.slice(0, query.limit));
    return { entries: page, ...(entries.length > query.limit ? { next: page[page.length - 1].id } : {}) };
  }
}
