import { Module } from '@nestjs/common';
import { EventsController } from './events.controller';
import { FactEncoder } from './fact-encoder';
import { FactInspector } from './fact-inspector';
import { FactBatchPipe, FactPipe } from './facts.pipe';
import { RecordFactsHandler } from './record-facts.handler';

@Module({
  controllers: [EventsController],
  providers: [FactInspector, FactEncoder, FactPipe, FactBatchPipe, RecordFactsHandler],
  exports: [FactInspector, FactEncoder],
})
export class IngestionModule {}
