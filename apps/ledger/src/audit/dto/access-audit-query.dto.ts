import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsOptional,
  IsUUID,
  Matches,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { NumberedPageDto } from '../../common/dto/paging.dto';
import { isValidInstant } from '@ledger/domain';
import { KEY_ID_PATTERN } from '../../access/api-key-secret';

@ValidatorConstraint({ name: 'instant' })
class IsInstant implements ValidatorConstraintInterface {
  validate = (value: unknown) => typeof value === 'string' && isValidInstant(value);
  defaultMessage = () => '$property must be an ISO 8601 date-time with offset, e.g. 2025-01-01T00:00:00Z';
}

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
