import { BeforeApplicationShutdown, Global, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/config';
import { AdvisoryLease, EFFECTS_LOCK_KEY } from './advisory-lease';
import { EFFECTS_LEASE, EffectsLease, SingleInstanceLease } from './effects-lease';

/**
 * Several instances, one deployment (issue 17, point 3): with LEDGER_DATABASE_URL and a shared
 * log (LEDGER_EVENT_STORE=postgres or eventstoredb), the instances of a deployment contend for
 * one advisory-lock lease on that database; only its holder runs the effects. Otherwise the
 * ledger is the only instance and always runs them.
 */
@Global()
@Module({
  providers: [
    {
      provide: EFFECTS_LEASE,
      useFactory: (config: LedgerConfig): EffectsLease => {
        // Several instances need a shared log (PostgreSQL or EventStoreDB) and a database for the lock;
        // an embedded log is one instance's, whatever holds its vault.
        if (!config.database || config.eventStore === 'sqlite') return new SingleInstanceLease();
        const logger = new Logger('Lease');
        return new AdvisoryLease({
          connectionString: config.database.url,
          key: EFFECTS_LOCK_KEY,
          log: { info: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
        });
      },
      inject: [LEDGER_CONFIG],
    },
  ],
  exports: [EFFECTS_LEASE],
})
export class LeaseModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(EFFECTS_LEASE) private readonly lease: EffectsLease) {}

  onApplicationBootstrap(): void {
    // Campaigning starts once every module has registered its work.
    if (this.lease instanceof AdvisoryLease) this.lease.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.lease.close();
  }
}
