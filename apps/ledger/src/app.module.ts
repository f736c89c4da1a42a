import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from './access/access.module';
import { AuditModule } from './audit/audit.module';
import { loggingParams } from './common/logging';
import type { LedgerConfig } from '@ledger/config';
import { HealthModule } from './health/health.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { IntegrityModule } from './integrity/integrity.module';
import { LogTreeModule } from './integrity/log-tree/log-tree.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { ObservabilityModule } from './observability/observability.module';
import { SubjectsModule } from './subjects/subjects.module';
import { BreachesModule } from './breaches/breaches.module';
import { ControllerProfileModule } from './controller-profile/controller-profile.module';
import { ErasureModule } from './erasure/erasure.module';
import { FindingsModule } from './findings/findings.module';
import { OverviewModule } from './overview/overview.module';
import { ProjectionsModule } from './projections/projections.module';
import { RegistersModule } from './registers/registers.module';
import { I18nModule } from './i18n/i18n.module';
import { RequestsModule } from './requests/requests.module';
import { AccessReportModule } from './access-report/access-report.module';
import { BrokerModule } from './broker/broker.module';
import { NotificationsModule } from './notifications/notifications.module';
import { LeaseModule } from './lease/lease.module';

@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggingParams(config)),
        CqrsModule.forRoot(),
        InfrastructureModule.forRoot(config),
        LeaseModule,
        ControllerProfileModule,
        I18nModule,
        ProjectionsModule,
        AccessModule,
        AuditModule,
        IngestionModule,
        SubjectsModule,
        BreachesModule,
        FindingsModule,
        OverviewModule,
        RegistersModule,
        RequestsModule,
        AccessReportModule,
        ErasureModule,
        HealthModule,
        ObservabilityModule,
        BrokerModule,
        NotificationsModule,
        IntegrityModule,
        LogTreeModule,
      ],
    };
  }
}
