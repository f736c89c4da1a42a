import { Module } from '@nestjs/common';
import { DetectedBreaches } from './detected-breaches';
import { EventsController } from './events.controller';
import { FactEncoder } from './fact-encoder';
import { FactInspector } from './fact-inspector';
import { FactBatchPipe, FactPipe } from './facts.pipe';
import { RecordFactsHandler } from './record-facts.handler';

@Module({
  controllers: [EventsController],
  providers: [FactInspector, FactEncoder, FactPipe, FactBatchPipe, RecordFactsHandler, DetectedBreaches],
  exports: [FactInspector, FactEncoder],
})
export class IngestionModule {}
