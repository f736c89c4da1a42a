import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { ReadQueryDto } from '../../../projections/dto/read-query.dto';

/** A tree size as text: a number transform would read "" or "1e3" as a size. */
export const TREE_SIZE = /^(0|[1-9][0-9]{0,14})$/;

export class InclusionQueryDto extends ReadQueryDto {
  @ApiProperty({ description: 'the event whose inclusion to prove', format: 'uuid' })
  @IsUUID('all', { message: 'eventId must be the UUID of an event' })
  eventId!: string;

  @ApiPropertyOptional({ description: 'the tree size to prove it in; by default the latest', example: '1200' })
  @IsOptional()
  @Matches(TREE_SIZE, { message: 'treeSize must be a whole number' })
  treeSize?: string;
}
