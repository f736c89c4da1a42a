import { Global, Module } from '@nestjs/common';
import { CONTROLLER_PROFILE, controllerProfileProvider } from './controller-profile.provider';

@Global()
@Module({ providers: [controllerProfileProvider], exports: [CONTROLLER_PROFILE] })
export class ControllerProfileModule {}
