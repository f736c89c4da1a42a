import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class BreachIdParam {
  @ApiProperty({ example: 'B-2025-01' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, { message: 'breachId must be 1-128 letters, digits, ".", "_", ":" or "-"' })
  breachId: string;
}
