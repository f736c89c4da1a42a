import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

/** Query parameters every read accepts. */
export class ReadQueryDto {
  @ApiPropertyOptional({ description: 'wait (up to 5 s) until the read models include this log position: the `position` an append returned' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  minPosition?: number;
}
