import { ApiProperty } from '@nestjs/swagger';
import { IsStreamId } from '../../common/stream-id';

export class BreachIdParam {
  @ApiProperty({ example: 'B-2025-01' })
  @IsStreamId()
  breachId: string;
}
