import { Module } from '@nestjs/common';
import { RegistersController } from './registers.controller';

@Module({ controllers: [RegistersController] })
export class RegistersModule {}
