import { Global, Module } from '@nestjs/common';
import { Translations } from './translations';

@Global()
@Module({ providers: [Translations], exports: [Translations] })
export class I18nModule {}
