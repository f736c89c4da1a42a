import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, Role } from '@ledger/access';

export class ApiKeyDto {
  @ApiProperty({ example: '3f9c2a7d1b6e4a50' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: [String], description: 'emitter keys: the systems they may append facts for' }) systems: string[];
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional() revokedAt?: string;
}

export class IssuedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ example: 'plk_…', description: 'the secret: shown in this response only, stored as a SHA-256 hash' }) key: string;
}

export class ApiKeysDto {
  @ApiProperty({ type: [ApiKeyDto] }) keys: ApiKeyDto[];
}
