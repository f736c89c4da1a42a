import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { LanguageQueryDto } from '../../common/dto/register-query.dto';
import { ReadQueryDto } from '../../projections/dto/read-query.dto';

export const ACCESS_REPORT_FORMATS = ['json', 'pdf', 'html'] as const;
export type AccessReportFormat = (typeof ACCESS_REPORT_FORMATS)[number];

export class AccessReportQueryDto extends IntersectionType(ReadQueryDto, LanguageQueryDto) {
  @ApiPropertyOptional({ enum: ACCESS_REPORT_FORMATS, description: 'overrides the Accept header (application/json, application/pdf, text/html)' })
  @IsOptional()
  @IsIn(ACCESS_REPORT_FORMATS, { message: `format must be one of ${ACCESS_REPORT_FORMATS.join(', ')}` })
  format?: AccessReportFormat;

  @ApiPropertyOptional({
    example: 'R-1001-1',
    description:
      "the subject's access request this report answers: the ledger records the PersonalDataExported (right access) itself, once per request and format, so the request shows answered in GET /v1/requests",
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, {
    message: 'requestId must be an identifier: a letter or digit, then letters, digits, . _ - : / (at most 128)',
  })
  requestId?: string;
}
