import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { noteVerifier, verifierKeyString } from '@ledger/transparency';
import { PublicSigningKey, PublishedKeyEntry, PublishedKeySet, SIGNING_KEY_RING, SigningKeyRing } from '@ledger/vault';
import { Roles } from '../access/roles.decorator';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/config';
import { checkpointOrigin } from './log-tree/checkpoint-origin';

@ApiTags('integrity')
@Roles('dpo', 'regulator')
@Controller('v1/keys')
export class SigningKeyController {
  constructor(
    @Inject(SIGNING_KEY_RING) private readonly ring: SigningKeyRing,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get('signing')
  @ApiOperation({
    summary: "The public keys that check the ledger's signatures (digests, breach summaries, checkpoints, receipts)",
    description:
      'The current key at the top level; every key the ledger has signed with, and when, in `keys`. Save the whole answer: verify-summary, verify and verify-receipt take it.',
  })
  @ApiOkResponse({
    description:
      '{algorithm: "Ed25519", keyId (hex SHA-256 of the raw key), publicKeyPem, publicKeyBase64 (raw 32 bytes), validFrom, checkpointOrigin, noteVerifierKey, keys: [{…, validFrom, validUntil, noteVerifierKey}]}',
  })
  signingKey(): PublishedKeySet {
    const origin = checkpointOrigin(this.config, this.ring);
    const keys = this.ring.entries().map((entry): PublishedKeyEntry => {
      const key = PublicSigningKey.parse(entry.publicKeyBase64);
      return {
        ...key.published(),
        validFrom: entry.validFrom,
        validUntil: entry.validUntil,
        noteVerifierKey: verifierKeyString(noteVerifier(origin, key.raw)),
      };
    });
    const { validUntil: _, ...current } = keys[keys.length - 1];
    return { ...current, checkpointOrigin: origin, keys };
  }
}
