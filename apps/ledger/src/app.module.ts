import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from './access/access.module';
import { AuditModule } from './audit/audit.module';
import { loggingParams } from './common/logging';
import type { LedgerConfig } from './config/ledger-config';
import { HealthModule } from './health/health.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
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
        AccessModule,
        AuditModule,
        IngestionModule,
        SubjectsModule,
        HealthModule,
      ],
    };
  }
}
