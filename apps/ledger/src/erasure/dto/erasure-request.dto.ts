import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsStreamId } from '../../common/stream-id';

export class ErasureRequestDto {
  @ApiPropertyOptional({ description: "the request's id in your ticketing; one is made up when absent", example: 'R-1002-1' })
  @IsOptional()
  @IsStreamId()
  requestId?: string;
}
