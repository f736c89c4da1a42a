import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Validate } from 'class-validator';
import { REQUEST_STATUSES, RequestStatus, SUBJECT_RIGHTS, SubjectRight } from '@ledger/domain';
import { RegisterQueryDto } from '../../common/dto/register-query.dto';
import { IsInstant } from '../../common/is-instant.validator';

/** Filters of the DSR register (GET /v1/requests). */
export class RequestsQueryDto extends RegisterQueryDto {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES, description: 'where the request stands at the ledger clock' })
  @IsOptional()
  @IsIn(REQUEST_STATUSES, { message: `status must be one of ${REQUEST_STATUSES.join(', ')}` })
  status?: RequestStatus;

  @ApiPropertyOptional({ enum: SUBJECT_RIGHTS })
  @IsOptional()
  @IsIn(SUBJECT_RIGHTS, { message: `right must be one of ${SUBJECT_RIGHTS.join(', ')}` })
  right?: SubjectRight;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', description: 'received at or after this time' })
  @IsOptional()
  @Validate(IsInstant)
  from?: string;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z', description: 'received before this time' })
  @IsOptional()
  @Validate(IsInstant)
  to?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only requests past their due date and unanswered; false: all others' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;
}
