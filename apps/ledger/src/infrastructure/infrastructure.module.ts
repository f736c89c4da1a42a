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
  MasterKeyRing,
  RotatableKeyVault,
  SIGNING_KEY_RING,
  SigningKeyRing,
  SqliteKeyVault,
} from '@ledger/vault';
import { createEventStore, dataFile, LEDGER_CONFIG, LedgerConfig, masterKeyRingOf, openKeyVault } from '@ledger/config';
import { CLOCK } from './clock';
import { PG_POOL } from '@ledger/postgres';
import type { Pool } from 'pg';
import { databaseProvider } from './database.provider';
import { reapplyErasuresAtStart } from './reapply-erasures-at-start';
import { MeteredKeyVault } from '../observability/metered-key-vault';
import { OperationMetrics } from '../observability/operation-metrics';

/** The master keys (the ring reads master.key.next when a rotation starts), loaded once; only this module's providers see them. */
const MASTER_KEYS = Symbol('MASTER_KEYS');
/** The vault store itself: the event store's commit barrier syncs it, the erasure pass runs on it; everyone else gets KEY_VAULT (metered). */
const VAULT_STORE = Symbol('VAULT_STORE');

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
          useFactory: (c: LedgerConfig, clock: Clock, pool: Pool | null, metrics: OperationMetrics, vault: RotatableKeyVault) =>
            createEventStore(c, clock, pool, (source, message) => new Logger(source).warn(message), {
              onCommit: (events, seconds) => metrics.committed(events, seconds),
              // New subjects' keys become durable in the events' commit cycle, before the events that use them commit
              // (an embedded vault; one on PostgreSQL is durable when prepare() resolves).
              beforeCommit: vault instanceof SqliteKeyVault ? () => vault.sync() : undefined,
            }),
          inject: [LEDGER_CONFIG, CLOCK, PG_POOL, OperationMetrics, VAULT_STORE],
        },
        { provide: MASTER_KEYS, useFactory: masterKeyRingOf, inject: [LEDGER_CONFIG] },
        {
          provide: VAULT_STORE,
          useFactory: (c: LedgerConfig, clock: Clock, masterKeys: MasterKeyRing, pool: Pool | null): Promise<RotatableKeyVault> =>
            openKeyVault(c, clock, masterKeys, pool, (message) => new Logger('KeyVault').warn(message), {
              // The embedded store syncs an embedded vault before each commit (beforeCommit above); other stores cannot, so the vault fsyncs its own.
              sqliteDurability: c.eventStore === 'sqlite' ? 'on-sync' : 'each-commit',
            }),
          inject: [LEDGER_CONFIG, CLOCK, MASTER_KEYS, PG_POOL],
        },
        {
          provide: KEY_VAULT,
          // Resolves only once the log's erasures are applied to the vault again: nothing that
          // reads or makes a key (every request handler, the projections) exists before that.
          useFactory: async (vault: RotatableKeyVault, store: EventStore, metrics: OperationMetrics): Promise<KeyVault> => {
            await reapplyErasuresAtStart(store, vault);
            return new MeteredKeyVault(vault, metrics);
          },
          inject: [VAULT_STORE, EVENT_STORE, OperationMetrics],
        },
        // The vault keeps the key (derived from the first master key), so ids stay the same across master-key rotations.
        { provide: LEDGER_EVENT_IDS, useFactory: (vault: KeyVault) => new LedgerEventIds(vault.eventIdKey()), inject: [KEY_VAULT] },
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
