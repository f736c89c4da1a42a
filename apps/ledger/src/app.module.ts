import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { loggingParams } from './common/logging';
import type { LedgerConfig } from './config/ledger-config';
import { HealthModule } from './health/health.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { IntegrityModule } from './integrity/integrity.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { SubjectsModule } from './subjects/subjects.module';

@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggingParams(config)),
        CqrsModule.forRoot(),
        InfrastructureModule.forRoot(config),
        IngestionModule,
        SubjectsModule,
        HealthModule,
        IntegrityModule,
      ],
    };
  }
}
