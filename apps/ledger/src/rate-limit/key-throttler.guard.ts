import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import { RequestAuthenticator } from '../access/request-authenticator';

/**
 * Rate limits per API key, across all routes; requests without a valid key are counted per
 * client address, so failed attempts are limited too. Runs before the access guard.
 */
@Injectable()
export class KeyThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(RequestAuthenticator) private readonly authenticator: RequestAuthenticator,
  ) {
    super(options, storage, reflector);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ThrottlerGuard's own signature
  protected override async getTracker(request: Record<string, any>): Promise<string> {
    // When the key store cannot be read (the database is down) the request is counted by address, and
    // the access guard answers 503 where a key is needed: public routes (/health) still answer.
    const credentials = await this.authenticator.authenticate(request as { headers: Record<string, string> }).catch(() => undefined);
    return credentials?.kind === 'key' ? `key:${credentials.key.id}` : `ip:${await super.getTracker(request)}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${tracker}`;
  }
}
