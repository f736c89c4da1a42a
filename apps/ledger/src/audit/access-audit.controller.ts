import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { toUtcIso } from '@ledger/domain';
import { Roles } from '../access/roles.decorator';
import { AccessAuditLog } from './access-audit-log';
import { AccessAuditPageDto } from './dto/access-audit-page.dto';
import { AccessAuditQueryDto } from './dto/access-audit-query.dto';

@ApiTags('audit')
@Roles('dpo')
@Controller('v1/audit/access')
export class AccessAuditController {
  constructor(@Inject(AccessAuditLog) private readonly log: AccessAuditLog) {}

  @Get()
  @ApiOperation({ summary: "Who read which subject's records, when and why; oldest first, a page at a time" })
  @ApiResponse({ status: 200, type: AccessAuditPageDto })
  find(@Query() query: AccessAuditQueryDto): AccessAuditPageDto {
    const entries = this.log.find({
      subjectId: query.subjectId,
      keyId: query.keyId,
      from: query.from && toUtcIso(query.from),
      to: query.to && toUtcIso(query.to),
      after: query.after,
      limit: query.limit + 1,
    });
    const page = entries.slice(0, query.limit);
    return { entries: page, ...(entries.length > query.limit ? { next: page[page.length - 1].id } : {}) };
  }
}
