import { ApiProperty } from '@nestjs/swagger';
import { ROLES, Role } from '@ledger/access';

/** The key that made a request, as its holder may see it. */
export class MeDto {
  @ApiProperty({ example: '3f9c2a7d1b6e4a50' }) keyId: string;
  @ApiProperty({ example: 'Office of the DPO' }) name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: [String], description: 'emitter keys: the systems they may append facts for; empty for other roles' }) systems: string[];
}
