import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { CategoryPolicy, Clock, FactValidator, frozenClock, systemClock } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import {
  KEY_VAULT,
  KeyVault,
  LEDGER_EVENT_IDS,
  LEDGER_SIGNER,
  LedgerEventIds,
  LedgerSigner,
  SIGNING_KEY_RING,
  SigningKeyRing,
  SqliteKeyVault,
  loadMasterKey,
} from '@ledger/vault';
import { createEventStore, dataFile, LEDGER_CONFIG, LedgerConfig } from '@ledger/config';
import { CLOCK } from './clock';
import { PG_POOL } from '@ledger/postgres';
import type { Pool } from 'pg';
import { databaseProvider } from './database.provider';
import { MeteredKeyVault } from '../observability/metered-key-vault';
import { OperationMetrics } from '../observability/operation-metrics';

/** The master key, loaded once; only this module's providers see it. */
const MASTER_KEY = Symbol('MASTER_KEY');
/** The vault itself, for the event store's commit barrier; everyone else gets KEY_VAULT (metered). */
const SQLITE_KEY_VAULT = Symbol('SQLITE_KEY_VAULT');

/**
 * Configuration, clock, event store, key vault and validator: the parts every feature module
 * uses, opened once and closed on shutdown.
 */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    @Inject(PG_POOL) private readonly pool: Pool | null,
  ) {}

  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: InfrastructureModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true, load: [() => ({ ledger: config })] })],
      providers: [
        { provide: LEDGER_CONFIG, useFactory: (cs: ConfigService) => cs.getOrThrow<LedgerConfig>('ledger'), inject: [ConfigService] },
        { provide: CLOCK, useFactory: (c: LedgerConfig): Clock => (c.now ? frozenClock(c.now) : systemClock), inject: [LEDGER_CONFIG] },
        databaseProvider,
        OperationMetrics,
        {
          provide: EVENT_STORE,
          useFactory: (c: LedgerConfig, clock: Clock, pool: Pool | null, metrics: OperationMetrics, vault: SqliteKeyVault) =>
            createEventStore(c, clock, pool, (source, message) => new Logger(source).warn(message), {
              onCommit: (events, seconds) => metrics.committed(events, seconds),
              // New subjects' keys become durable in the events' commit cycle, before the events that use them commit.
              beforeCommit: () => vault.sync(),
            }),
          inject: [LEDGER_CONFIG, CLOCK, PG_POOL, OperationMetrics, SQLITE_KEY_VAULT],
        },
        { provide: MASTER_KEY, useFactory: (c: LedgerConfig) => loadMasterKey(c.masterKey, dataFile(c, 'master.key')), inject: [LEDGER_CONFIG] },
        {
          provide: SQLITE_KEY_VAULT,
          useFactory: (c: LedgerConfig, clock: Clock, masterKey: Buffer) =>
            new SqliteKeyVault({
              file: dataFile(c, 'vault.db'),
              masterKey,
              now: () => clock.now(),
              // The embedded store syncs the vault before each commit (beforeCommit above); other stores cannot, so the vault fsyncs its own.
              durability: c.eventStore === 'sqlite' ? 'on-sync' : 'each-commit',
            }),
          inject: [LEDGER_CONFIG, CLOCK, MASTER_KEY],
        },
        {
          provide: KEY_VAULT,
          useFactory: (vault: SqliteKeyVault, metrics: OperationMetrics): KeyVault => new MeteredKeyVault(vault, metrics),
          inject: [SQLITE_KEY_VAULT, OperationMetrics],
        },
        { provide: LEDGER_EVENT_IDS, useFactory: (masterKey: Buffer) => LedgerEventIds.fromMasterKey(masterKey), inject: [MASTER_KEY] },
        {
          provide: SIGNING_KEY_RING,
          useFactory: (c: LedgerConfig) => {
            const ring = new SigningKeyRing(dataFile(c, 'signing.key'), dataFile(c, 'signing-keys.json'));
            ring.entries(); // creates signing.key on the first start, and refuses a broken key set now rather than at the first signature
            return ring;
          },
          inject: [LEDGER_CONFIG],
        },
        // Signs with the ring's current key: a rotation by the CLI applies at the next signature.
        { provide: LEDGER_SIGNER, useFactory: (ring: SigningKeyRing) => LedgerSigner.fromKeyRing(ring), inject: [SIGNING_KEY_RING] },
        {
          provide: FactValidator,
          useFactory: (c: LedgerConfig) => new FactValidator(new CategoryPolicy(c.customCategoryPrefix)),
          inject: [LEDGER_CONFIG],
        },
      ],
      exports: [LEDGER_CONFIG, CLOCK, PG_POOL, OperationMetrics, EVENT_STORE, KEY_VAULT, LEDGER_EVENT_IDS, SIGNING_KEY_RING, LEDGER_SIGNER, FactValidator],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.vault.close();
    // Last: everything above may still use it while closing.
    await this.pool?.end();
  }
}
