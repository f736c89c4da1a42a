import { Module } from '@nestjs/common';
import { FactDecoder } from './fact-decoder';
import { DataMapHandler } from './data-map.query';
import { HistoryHandler } from './history.query';
import { SubjectEventsHandler } from './subject-events.query';
import { SubjectLookupHandler } from './subject-lookup.query';
import { SubjectsController } from './subjects.controller';

@Module({
  controllers: [SubjectsController],
  providers: [FactDecoder, SubjectEventsHandler, SubjectLookupHandler, DataMapHandler, HistoryHandler],
  exports: [FactDecoder],
})
export class SubjectsModule {}
