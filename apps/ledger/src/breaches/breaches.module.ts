import { Module } from '@nestjs/common';
import { BreachesController } from './breaches.controller';
import { BreachSummaryController } from './summary/breach-summary.controller';
import { SignedSummaries } from './summary/signed-summaries.service';

@Module({ controllers: [BreachesController, BreachSummaryController], providers: [SignedSummaries] })
export class BreachesModule {}
