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
  SIGNING_KEY_RING,
  SigningKeyRing,
} from '@ledger/vault';
import { createEventStore, dataFile, LEDGER_CONFIG, LedgerConfig, masterKeyRingOf, openKeyVault } from '@ledger/config';
import { CLOCK } from './clock';
import { PG_POOL } from '@ledger/postgres';
import type { Pool } from 'pg';
import { databaseProvider } from './database.provider';
import { reapplyErasuresAtStart } from './reapply-erasures-at-start';

/** The master keys (the ring reads master.key.next when a rotation starts), loaded once; only this module's providers see them. */
const MASTER_KEYS = Symbol('MASTER_KEYS');

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
        {
          provide: EVENT_STORE,
          useFactory: (c: LedgerConfig, clock: Clock, pool: Pool | null) =>
            createEventStore(c, clock, pool, (source, message) => new Logger(source).warn(message)),
          inject: [LEDGER_CONFIG, CLOCK, PG_POOL],
        },
        { provide: MASTER_KEYS, useFactory: masterKeyRingOf, inject: [LEDGER_CONFIG] },
        {
          provide: KEY_VAULT,
          // Resolves only once the log's erasures are applied to the vault again: nothing that
          // reads or makes a key (every request handler, the projections) exists before that.
          useFactory: async (c: LedgerConfig, clock: Clock, masterKeys: MasterKeyRing, store: EventStore, pool: Pool | null): Promise<KeyVault> => {
            const vault = await openKeyVault(c, clock, masterKeys, pool, (message) => new Logger('KeyVault').warn(message));
            await reapplyErasuresAtStart(store, vault);
            return vault;
          },
          inject: [LEDGER_CONFIG, CLOCK, MASTER_KEYS, EVENT_STORE, PG_POOL],
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
      exports: [LEDGER_CONFIG, CLOCK, PG_POOL, EVENT_STORE, KEY_VAULT, LEDGER_EVENT_IDS, SIGNING_KEY_RING, LEDGER_SIGNER, FactValidator],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.vault.close();
    // Last: everything above may still use it while closing.
    await this.pool?.end();
  }
}
