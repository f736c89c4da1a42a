import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LanguageQueryDto } from '../../common/dto/register-query.dto';
import { ReadQueryDto } from '../../projections/dto/read-query.dto';
import { SUMMARY_FORMATS, SummaryFormat } from '../summary/summary-format';

export class SummaryQueryDto extends IntersectionType(ReadQueryDto, LanguageQueryDto) {
  @ApiPropertyOptional({ enum: SUMMARY_FORMATS, description: 'overrides the Accept header (application/json, text/html, application/pdf)' })
  @IsOptional()
  @IsIn(SUMMARY_FORMATS, { message: `format must be one of ${SUMMARY_FORMATS.join(', ')}` })
  format?: SummaryFormat;
}
