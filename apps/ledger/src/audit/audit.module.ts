import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AccessModule } from '../access/access.module';
import { dataFile, LEDGER_CONFIG, LedgerConfig } from '@ledger/config';
import { AccessAuditController } from './access-audit.controller';
import { AccessAuditLog } from './access-audit-log';
import { SubjectReadAuditInterceptor } from './subject-read-audit.interceptor';

/** The access audit log: reads of subjects' records (@AuditSubjectRead), queried by the DPO. */
@Module({
  imports: [AccessModule],
  controllers: [AccessAuditController],
  providers: [
    {
      provide: AccessAuditLog,
      useFactory: (config: LedgerConfig) => new AccessAuditLog(dataFile(config, 'access-audit.db')),
      inject: [LEDGER_CONFIG],
    },
    { provide: APP_INTERCEPTOR, useClass: SubjectReadAuditInterceptor },
  ],
})
export class AuditModule implements OnApplicationShutdown {
  constructor(@Inject(AccessAuditLog) private readonly log: AccessAuditLog) {}

  onApplicationShutdown(): void {
    this.log.close();
  }
}
