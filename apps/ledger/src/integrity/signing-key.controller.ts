import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LEDGER_SIGNER, LedgerSigner, PublishedSigningKey } from '@ledger/vault';
import { Roles } from '../access/roles.decorator';

@ApiTags('integrity')
@Roles('dpo', 'regulator')
@Controller('v1/keys')
export class SigningKeyController {
  constructor(@Inject(LEDGER_SIGNER) private readonly signer: LedgerSigner) {}

  @Get('signing')
  @ApiOperation({ summary: "The public key that checks the ledger's signatures (digests, breach summaries)" })
  @ApiOkResponse({ description: '{algorithm: "Ed25519", keyId (hex SHA-256 of the raw key), publicKeyPem, publicKeyBase64 (raw 32 bytes)}' })
  signingKey(): PublishedSigningKey {
    return this.signer.publicKey.published();
  }
}
