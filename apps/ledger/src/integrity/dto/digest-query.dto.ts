import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class DigestQueryDto {
  @ApiPropertyOptional({ description: 'the global position to digest; by default the newest', example: '1200' })
  @IsOptional()
  // Checked as text: a number transform would read "" or "1e3" as a position.
  @Matches(/^(0|[1-9][0-9]{0,14})$/, { message: 'position must be a whole number, 0 or more' })
  position?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'true',
    description: 'include the stream heads behind the root, so that a later verify can name each stream that changed',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'heads must be true or false' })
  heads?: 'true' | 'false';
}
