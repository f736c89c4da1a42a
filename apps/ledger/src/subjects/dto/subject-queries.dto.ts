import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, Validate } from 'class-validator';
import { IsSubjectNamePart } from '../../common/is-subject-name-part.validator';
import { EVENT_TYPES } from '@ledger/domain';
import { PageSizeDto } from '../../common/dto/paging.dto';
import { ReadQueryDto } from '../../projections/dto/read-query.dto';
import { IsInstant } from '../../common/is-instant.validator';

export class SubjectLookupDto {
  @ApiPropertyOptional({ example: 'customer-portal' })
  @IsString()
  @Length(1, 200)
  @Validate(IsSubjectNamePart)
  system: string;

  @ApiPropertyOptional({ example: 'C-1001', description: 'normalised as on ingestion: look-alike spellings find the same subject or are refused' })
  @IsString()
  @Length(1, 200)
  @Validate(IsSubjectNamePart)
  externalId: string;
}

/** History reads accept minPosition and a page size. */
export class HistoryQueryDto extends IntersectionType(ReadQueryDto, PageSizeDto) {
  @ApiPropertyOptional({ description: 'event types, comma-separated', example: 'PersonalDataCollected,PersonalDataErased' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsIn(EVENT_TYPES as string[], { each: true, message: 'type must list v1 event types' })
  type?: string[];

  @ApiPropertyOptional({ description: 'occurred at or after (ISO 8601)' })
  @IsOptional()
  @Validate(IsInstant)
  from?: string;

  @ApiPropertyOptional({ description: 'occurred before (ISO 8601)' })
  @IsOptional()
  @Validate(IsInstant)
  to?: string;

  @ApiPropertyOptional({ description: 'the `next` of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}
