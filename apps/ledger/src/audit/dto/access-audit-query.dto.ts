import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches, Validate } from 'class-validator';
import { KEY_ID_PATTERN } from '@ledger/access';
import { NumberedPageDto } from '../../common/dto/paging.dto';
import { IsInstant } from '../../common/is-instant.validator';

/** Filters and paging of GET /v1/audit/access. */
export class AccessAuditQueryDto extends NumberedPageDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  subjectId?: string;

  @ApiPropertyOptional({ example: '3f9c2a7d1b6e4a50', description: 'the id of the API key that read' })
  @IsOptional()
  @Matches(KEY_ID_PATTERN, { message: 'keyId must be an API key id (16 hex digits)' })
  keyId?: string;

  @ApiPropertyOptional({ example: '2025-01-01T00:00:00Z', description: 'reads at or after this time' })
  @IsOptional()
  @Validate(IsInstant)
  from?: string;

  @ApiPropertyOptional({ example: '2025-02-01T00:00:00Z', description: 'reads before this time' })
  @IsOptional()
  @Validate(IsInstant)
  to?: string;
}
