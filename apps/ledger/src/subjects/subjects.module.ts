import { Module } from '@nestjs/common';
import { FactDecoder } from './fact-decoder';
import { SubjectEventsHandler } from './subject-events.query';
import { SubjectsController } from './subjects.controller';

@Module({
  controllers: [SubjectsController],
  providers: [FactDecoder, SubjectEventsHandler],
  exports: [FactDecoder],
})
export class SubjectsModule {}
