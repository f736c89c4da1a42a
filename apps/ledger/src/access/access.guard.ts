import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ANY_KEY_METADATA } from './any-key.decorator';
import { APPENDS_FACTS_METADATA, FactsShape } from './appends-facts.decorator';
import { scopeRefusal } from './emitter-scope';
import { PUBLIC_METADATA } from './public.decorator';
import { RequestAuthenticator } from './request-authenticator';
import { admitKey } from './request-key';
import type { Role } from '@ledger/access';
import { ROLES_METADATA } from './roles.decorator';
import { SCRAPE_TOKEN_METADATA } from './scrape-token.decorator';

/**
 * Default deny: every route needs a valid API key whose role the route declares with @Roles
 * (admin keys pass everywhere), unless it is marked @Public (no key) or @AnyKey (any valid
 * key). Emitter keys are further held to the systems on their key for every fact they append.
 * The metrics scrape token opens only the routes marked @AcceptsScrapeToken.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(RequestAuthenticator) private readonly authenticator: RequestAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const credentials = await this.authenticator.authenticate(request);
    if (credentials.kind === 'scrape-token') {
      if (this.reflector.getAllAndOverride<boolean>(SCRAPE_TOKEN_METADATA, targets)) return true;
      throw new ForbiddenException('the metrics scrape token is accepted by GET /metrics only');
    }
    if (credentials.kind !== 'key') {
      void http.getResponse<FastifyReply>().header('www-authenticate', 'Bearer realm="privacy-ledger"');
      throw new UnauthorizedException(credentials.kind === 'none' ? 'an API key is required: Authorization: Bearer <api key>' : credentials.reason);
    }
    const { key } = credentials;
    admitKey(request, key);
    if (key.role === 'admin' || this.reflector.getAllAndOverride<boolean>(ANY_KEY_METADATA, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_METADATA, targets) ?? [];
    if (!roles.includes(key.role)) {
      const allowed = [...new Set([...roles, 'admin'])].join(' or ');
      throw new ForbiddenException(`this route is for ${allowed} keys; this is a${key.role === 'emitter' ? 'n' : ''} ${key.role} key`);
    }
    if (key.role === 'emitter') {
      const shape = this.reflector.get<FactsShape | undefined>(APPENDS_FACTS_METADATA, context.getHandler());
      if (!shape) throw new ForbiddenException('emitter keys may only append facts');
      const refusal = scopeRefusal(key.systems, request.body, shape);
      if (refusal) throw refusal;
    }
    return true;
  }
}
