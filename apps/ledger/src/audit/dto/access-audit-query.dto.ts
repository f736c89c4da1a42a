import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches, Validate } from 'class-validator';
import { DOCUMENT_LANGUAGES, DocumentLanguage } from '@ledger/domain';
import { REGISTER_FORMATS } from '../../common/dto/register-query.dto';
import { CSV_DELIMITERS, CsvDelimiter } from '../../exports/csv-export';
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

  @ApiPropertyOptional({ description: 'the `next` of the previous page (the same as `after`)' })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'cursor is not one this API returned' })
  cursor?: string;

  @ApiPropertyOptional({
    enum: REGISTER_FORMATS,
    description: 'overrides the Accept header (application/json, text/csv); a CSV export holds every entry that matches the filters',
  })
  @IsOptional()
  @IsIn(REGISTER_FORMATS, { message: `format must be one of ${REGISTER_FORMATS.join(', ')}` })
  format?: (typeof REGISTER_FORMATS)[number];

  @ApiPropertyOptional({ enum: CSV_DELIMITERS, default: 'comma', description: 'CSV field separator: semicolon for Excel in a Dutch locale' })
  @IsOptional()
  @IsIn(CSV_DELIMITERS, { message: `delimiter must be one of ${CSV_DELIMITERS.join(', ')}` })
  delimiter?: CsvDelimiter;

  @ApiPropertyOptional({ enum: DOCUMENT_LANGUAGES, description: 'language of the CSV headers; overrides Accept-Language' })
  @IsOptional()
  @IsIn(DOCUMENT_LANGUAGES, { message: `lang must be one of ${DOCUMENT_LANGUAGES.join(', ')}` })
  lang?: DocumentLanguage;
}
