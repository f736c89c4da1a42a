import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AnyKey } from './any-key.decorator';
import { MeDto } from './dto/me.dto';
import { RequestAuthenticator } from './request-authenticator';

/** Who a key is, so that a client (the DPO console) can offer only what its role may do. */
@ApiTags('access')
@Controller('v1/me')
export class MeController {
  constructor(@Inject(RequestAuthenticator) private readonly authenticator: RequestAuthenticator) {}

  @Get()
  @AnyKey()
  @ApiOperation({ summary: 'The API key that makes this request: its id, name, role and (emitters) systems; never its secret' })
  @ApiResponse({ status: 200, type: MeDto })
  me(@Req() request: FastifyRequest): MeDto {
    // The guard has let only valid keys through.
    const key = this.authenticator.keyOf(request)!;
    return { keyId: key.id, name: key.name, role: key.role, systems: key.systems };
  }
}
