import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DOCUMENT_LANGUAGES, DocumentLanguage } from '@ledger/domain';
import { ReadQueryDto } from '../../projections/dto/read-query.dto';
import { CSV_DELIMITERS, CsvDelimiter } from '../../exports/csv-export';

/** `?lang=`: the language of documents, CSV headers and finding summaries. */
export class LanguageQueryDto {
  @ApiPropertyOptional({
    enum: DOCUMENT_LANGUAGES,
    description: "language of documents, CSV headers and finding summaries; overrides Accept-Language; default: the controller profile's `language`, else en",
  })
  @IsOptional()
  @IsIn(DOCUMENT_LANGUAGES, { message: `lang must be one of ${DOCUMENT_LANGUAGES.join(', ')}` })
  lang?: DocumentLanguage;
}

/** A page of a register: its size, and the cursor the previous page gave. */
export class CursorPageDto {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000, description: 'items per page (JSON; a CSV or PDF export holds every item)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;

  @ApiPropertyOptional({ description: 'the `next` of the previous page, as given' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor is not one this API returned' })
  cursor?: string;
}

/** `?delimiter=`: the CSV field separator. */
export class CsvOptionsDto {
  @ApiPropertyOptional({
    enum: CSV_DELIMITERS,
    default: 'comma',
    description: 'CSV field separator: comma (RFC 4180), or semicolon for Excel in a Dutch (or other comma-decimal) locale',
  })
  @IsOptional()
  @IsIn(CSV_DELIMITERS, { message: `delimiter must be one of ${CSV_DELIMITERS.join(', ')}` })
  delimiter?: CsvDelimiter;
}

export const REGISTER_FORMATS = ['json', 'csv'] as const;
export const DOCUMENT_REGISTER_FORMATS = ['json', 'csv', 'pdf', 'html'] as const;

/** Query of a paged register with a CSV export: JSON pages by default, CSV by `?format=csv` or `Accept: text/csv`. */
export class RegisterQueryDto extends IntersectionType(ReadQueryDto, CursorPageDto, CsvOptionsDto, LanguageQueryDto) {
  @ApiPropertyOptional({ enum: REGISTER_FORMATS, description: 'overrides the Accept header (application/json, text/csv)' })
  @IsOptional()
  @IsIn(REGISTER_FORMATS, { message: `format must be one of ${REGISTER_FORMATS.join(', ')}` })
  format?: (typeof REGISTER_FORMATS)[number];
}

/** Query of a register that is also a document: JSON, CSV, PDF or HTML. */
export class DocumentRegisterQueryDto extends IntersectionType(ReadQueryDto, CursorPageDto, CsvOptionsDto, LanguageQueryDto) {
  @ApiPropertyOptional({ enum: DOCUMENT_REGISTER_FORMATS, description: 'overrides the Accept header (application/json, text/csv, application/pdf, text/html)' })
  @IsOptional()
  @IsIn(DOCUMENT_REGISTER_FORMATS, { message: `format must be one of ${DOCUMENT_REGISTER_FORMATS.join(', ')}` })
  format?: (typeof DOCUMENT_REGISTER_FORMATS)[number];
}

/** Query of a document that is not paged (the Art. 30 record): JSON, CSV, PDF or HTML. */
export class DocumentQueryDto extends IntersectionType(ReadQueryDto, CsvOptionsDto, LanguageQueryDto) {
  @ApiPropertyOptional({ enum: DOCUMENT_REGISTER_FORMATS, description: 'overrides the Accept header (application/json, text/csv, application/pdf, text/html)' })
  @IsOptional()
  @IsIn(DOCUMENT_REGISTER_FORMATS, { message: `format must be one of ${DOCUMENT_REGISTER_FORMATS.join(', ')}` })
  format?: (typeof DOCUMENT_REGISTER_FORMATS)[number];
}
