import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PageSizeDto } from '../../common/dto/paging.dto';
import { ReadQueryDto } from '../../projections/dto/read-query.dto';

/** The record's declared activities come whole; the undeclared processing a page of purposes at a time. */
export class RecordOfProcessingQueryDto extends IntersectionType(ReadQueryDto, PageSizeDto) {
  @ApiPropertyOptional({ description: 'the `next` of the previous page of undeclared processing' })
  @IsOptional()
  @IsString()
  @Length(1, 400)
  cursor?: string;
}
