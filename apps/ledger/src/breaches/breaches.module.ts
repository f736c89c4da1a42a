import { Module } from '@nestjs/common';
import { BreachesController } from './breaches.controller';

@Module({ controllers: [BreachesController] })
export class BreachesModule {}
