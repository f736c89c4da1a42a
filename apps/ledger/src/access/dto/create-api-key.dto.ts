import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type ApiKeyRequest, AreEmitterSystems, IsApiKeyName, IsApiKeyRole, MAX_SYSTEMS, ROLES, Role } from '@ledger/access';

/** A key to create (POST /v1/admin/keys): the rules are libs/access's, as `ledger keys create` checks them. */
export class CreateApiKeyDto implements ApiKeyRequest {
  @ApiProperty({ example: 'crm emitter', description: 'who or what holds the key', maxLength: 100 })
  @IsApiKeyName()
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsApiKeyRole()
  role: Role;

  @ApiPropertyOptional({
    type: [String],
    example: ['crm', 'customer-portal'],
    maxItems: MAX_SYSTEMS,
    description: 'emitter keys only, and required for them: the systems whose facts the key may append',
  })
  @AreEmitterSystems()
  systems?: string[];
}
