import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '@ledger/access';

export const ROLES_METADATA = 'ledger:roles';

/**
 * The roles that may call a route (on a handler, or on a controller for all its handlers; the
 * handler's wins). Admin keys may call every route. A route with neither @Roles nor @Public is
 * for admin keys only.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_METADATA, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'no API key, or one that is unknown or revoked' }),
    ApiForbiddenResponse({ description: `for ${[...new Set([...roles, 'admin'])].join(', ')} keys only` }),
    ApiTooManyRequestsResponse({ description: "over this key's rate limit; see Retry-After" }),
  );
