import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Clock } from '@ledger/domain';
import { dataFile, LEDGER_CONFIG, LedgerConfig } from '@ledger/config';
import { CLOCK } from '../infrastructure/clock';
import { KeyThrottlerGuard } from '../rate-limit/key-throttler.guard';
import { throttlerOptions } from '../rate-limit/throttler-options';
import { AccessGuard } from './access.guard';
import { AdminKeyBootstrap } from './admin-key-bootstrap';
import { AdminKeysController } from './admin-keys.controller';
import { MeController } from './me.controller';
import { ApiKeyStore, PostgresApiKeyStore, SqliteApiKeyStore } from '@ledger/access';
import { PG_POOL } from '@ledger/postgres';
import type { Pool } from 'pg';
import { RequestAuthenticator } from './request-authenticator';

/**
 * API keys and the global guards. Their order matters: the rate limit runs first, so requests
 * with bad keys are limited too, then the access guard decides.
 */
@Module({
  imports: [ThrottlerModule.forRootAsync({ inject: [LEDGER_CONFIG], useFactory: throttlerOptions })],
  controllers: [AdminKeysController, MeController],
  providers: [
    {
      provide: ApiKeyStore,
      // In PostgreSQL when the ledger has a database (shared by its instances), else access.db.
      useFactory: (config: LedgerConfig, clock: Clock, pool: Pool | null): ApiKeyStore =>
        pool ? new PostgresApiKeyStore({ pool, now: () => clock.now() }) : new SqliteApiKeyStore(dataFile(config, 'access.db'), () => clock.now()),
      inject: [LEDGER_CONFIG, CLOCK, PG_POOL],
    },
    RequestAuthenticator,
    AdminKeyBootstrap,
    { provide: APP_GUARD, useClass: KeyThrottlerGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [RequestAuthenticator],
})
export class AccessModule implements OnApplicationShutdown {
  constructor(@Inject(ApiKeyStore) private readonly keys: ApiKeyStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.keys.close();
  }
}
