import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ReadQueryDto } from '../../../projections/dto/read-query.dto';
import { TREE_SIZE } from './inclusion-query.dto';

export class ConsistencyQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ description: 'the older tree size (of a checkpoint kept earlier); by default the latest', example: '1000' })
  @IsOptional()
  @Matches(TREE_SIZE, { message: 'from must be a whole number' })
  from?: string;

  @ApiPropertyOptional({ description: 'the newer tree size; by default the latest', example: '1200' })
  @IsOptional()
  @Matches(TREE_SIZE, { message: 'to must be a whole number' })
  to?: string;
}
