import { Module } from '@nestjs/common';
import { IngestionModule } from '../ingestion/ingestion.module';
import { SubjectsModule } from '../subjects/subjects.module';
import { AccessReportController } from './access-report.controller';
import { AccessReports } from './access-report.service';

@Module({ imports: [SubjectsModule, IngestionModule], controllers: [AccessReportController], providers: [AccessReports] })
export class AccessReportModule {}
