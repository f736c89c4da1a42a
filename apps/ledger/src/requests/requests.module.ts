import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { RequestRegister } from './request-register.service';
import { RequestsController } from './requests.controller';

@Module({ imports: [AccessModule], controllers: [RequestsController], providers: [RequestRegister], exports: [RequestRegister] })
export class RequestsModule {}
