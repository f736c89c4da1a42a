import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';

export const ANY_KEY_METADATA = 'ledger:any-key';

/**
 * A route every valid key may call, whatever its role, emitters included. Only for routes that
 * tell a key about itself (GET /v1/me), so that a client can learn what its key may do.
 */
export const AnyKey = () =>
  applyDecorators(
    SetMetadata(ANY_KEY_METADATA, true),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'no API key, or one that is unknown or revoked' }),
  );
