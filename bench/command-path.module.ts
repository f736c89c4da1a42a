import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { FactRecorder } from '@ledger/domain';
import type { LedgerConfig } from '@ledger/config';
import { InfrastructureModule } from '../apps/ledger/src/infrastructure/infrastructure.module';
import { IngestionModule } from '../apps/ledger/src/ingestion/ingestion.module';

/**
 * The write side alone: the modules a fact passes through from validation to the store. The
 * read models are left out so the bench measures the command path, not projections sharing
 * the same core.
 */
@Module({})
export class CommandPathModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return { module: CommandPathModule, imports: [CqrsModule.forRoot(), InfrastructureModule.forRoot(config), IngestionModule] };
  }
}

/** Who the benchmarks' facts say recorded them. */
export const BENCH_RECORDER: FactRecorder = { kind: 'key', keyId: '0000000000000000', name: 'bench', role: 'emitter' };
