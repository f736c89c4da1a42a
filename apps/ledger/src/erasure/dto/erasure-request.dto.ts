import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class ErasureRequestDto {
  @ApiPropertyOptional({ description: "the request's id in your ticketing; one is made up when absent", example: 'R-1002-1' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, { message: 'requestId must be 1-128 letters, digits, ".", "_", ":" or "-"' })
  requestId?: string;
}
