import { Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AccessModule } from '../access/access.module';
import { dataFile, LEDGER_CONFIG, LedgerConfig } from '@ledger/config';
import { AccessAuditController } from './access-audit.controller';
import { PG_POOL } from '@ledger/postgres';
import type { Pool } from 'pg';
import { AccessAuditLog } from './access-audit-log';
import { PostgresAccessAuditLog } from './postgres-access-audit-log';
import { SqliteAccessAuditLog } from './sqlite-access-audit-log';
import { ReadPurposes } from './read-purposes';
import { SubjectReadAuditInterceptor } from './subject-read-audit.interceptor';

/** The access audit log: reads of subjects' records (@AuditSubjectRead), queried by the DPO. */
@Module({
  imports: [AccessModule],
  controllers: [AccessAuditController],
  providers: [
    {
      provide: AccessAuditLog,
      // In PostgreSQL when the ledger has a database (the DPO sees reads through every instance), else access-audit.db.
      useFactory: (config: LedgerConfig, pool: Pool | null): AccessAuditLog =>
        pool ? new PostgresAccessAuditLog(pool) : new SqliteAccessAuditLog(dataFile(config, 'access-audit.db')),
      inject: [LEDGER_CONFIG, PG_POOL],
    },
    ReadPurposes,
    { provide: APP_INTERCEPTOR, useClass: SubjectReadAuditInterceptor },
  ],
})
export class AuditModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(AccessAuditLog) private readonly log: AccessAuditLog,
    @Inject(ReadPurposes) private readonly purposes: ReadPurposes,
  ) {}

  /** Before the first request: a log written by an older version holds purposes in clear; seal them. */
  async onModuleInit(): Promise<void> {
    const sealed = await this.log.sealLegacyPurposes((subjectId, purpose) => this.purposes.seal(subjectId, purpose));
    if (sealed) new Logger('AccessAudit').log(`sealed the stated purposes of ${sealed} earlier reads with their subjects' keys`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.log.close();
  }
}
