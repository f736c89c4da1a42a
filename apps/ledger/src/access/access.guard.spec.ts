import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiKey, Role } from '@ledger/access';
import { AccessGuard } from './access.guard';
import { AnyKey } from './any-key.decorator';
import { AppendsFacts } from './appends-facts.decorator';
import { Public } from './public.decorator';
import type { RequestAuthenticator } from './request-authenticator';
import { Roles } from './roles.decorator';
import { AcceptsScrapeToken } from './scrape-token.decorator';

class Undeclared {
  handler() {}
}

@Roles('dpo')
class ForDpo {
  read() {}
  @Roles('regulator') summary() {}
  @Roles('emitter') undeclaredAppend() {}
  @Roles('emitter') @AppendsFacts('one') append() {}
}

@Public()
class Open {
  handler() {}
}

class AboutTheKey {
  @AnyKey() me() {}
}

@Roles()
@AcceptsScrapeToken()
class Metrics {
  scrape() {}
}

const keyWith = (role: Role, systems: string[] = []): ApiKey => ({ id: '0123456789abcdef', name: role, role, systems, createdAt: '2025-01-01T00:00:00.000Z' });

function contextFor(controller: new () => object, handler: string, body?: unknown): ExecutionContext {
  const request = { headers: {}, body };
  const reply = { header: () => reply };
  return {
    getHandler: () => (controller.prototype as Record<string, unknown>)[handler],
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ExecutionContext;
}

const guardFor = (key?: ApiKey | 'scrape-token') =>
  new AccessGuard(new Reflector(), {
    credentialsOf: () => (key === 'scrape-token' ? { kind: 'scrape-token' } : key ? { kind: 'key', key } : { kind: 'none' }),
  } as unknown as RequestAuthenticator);

describe('AccessGuard', () => {
  it('denies a route without @Roles to every role but admin (default deny)', () => {
    for (const role of ['emitter', 'dpo', 'regulator'] as const) {
      expect(() => guardFor(keyWith(role)).canActivate(contextFor(Undeclared, 'handler'))).toThrow(ForbiddenException);
    }
    expect(guardFor(keyWith('admin')).canActivate(contextFor(Undeclared, 'handler'))).toBe(true);
  });

  it('asks for a key on every route that is not @Public', () => {
    expect(() => guardFor().canActivate(contextFor(Undeclared, 'handler'))).toThrow(UnauthorizedException);
    expect(() => guardFor().canActivate(contextFor(ForDpo, 'read'))).toThrow(UnauthorizedException);
    expect(guardFor().canActivate(contextFor(Open, 'handler'))).toBe(true);
  });

  it('lets every valid key, emitters included, call an @AnyKey route, and no one without a key', () => {
    for (const role of ['emitter', 'dpo', 'regulator', 'admin'] as const) {
      expect(guardFor(keyWith(role, role === 'emitter' ? ['crm'] : [])).canActivate(contextFor(AboutTheKey, 'me'))).toBe(true);
    }
    expect(() => guardFor().canActivate(contextFor(AboutTheKey, 'me'))).toThrow(UnauthorizedException);
  });

  it("takes a handler's roles over its controller's", () => {
    expect(guardFor(keyWith('dpo')).canActivate(contextFor(ForDpo, 'read'))).toBe(true);
    expect(() => guardFor(keyWith('dpo')).canActivate(contextFor(ForDpo, 'summary'))).toThrow(ForbiddenException);
    expect(guardFor(keyWith('regulator')).canActivate(contextFor(ForDpo, 'summary'))).toBe(true);
  });

  it('lets emitters call only routes that say where their facts are, and only for their systems', () => {
    const emitter = keyWith('emitter', ['crm']);
    const own = { subject: { system: 'crm', externalId: 'C-1' }, data: {} };
    expect(() => guardFor(emitter).canActivate(contextFor(ForDpo, 'undeclaredAppend', own))).toThrow('emitter keys may only append facts');
    expect(guardFor(emitter).canActivate(contextFor(ForDpo, 'append', own))).toBe(true);
    expect(() => guardFor(emitter).canActivate(contextFor(ForDpo, 'append', { ...own, subject: { system: 'hr', externalId: 'E-1' } }))).toThrow(
      ForbiddenException,
    );
  });

  it('lets the scrape token through to routes that accept it, and nowhere else', () => {
    expect(guardFor('scrape-token').canActivate(contextFor(Metrics, 'scrape'))).toBe(true);
    for (const [controller, handler] of [[ForDpo, 'read'], [Undeclared, 'handler'], [ForDpo, 'append']] as const) {
      expect(() => guardFor('scrape-token').canActivate(contextFor(controller, handler))).toThrow('the metrics scrape token is accepted by GET /metrics only');
    }
    expect(guardFor(keyWith('admin')).canActivate(contextFor(Metrics, 'scrape'))).toBe(true);
    expect(() => guardFor(keyWith('dpo')).canActivate(contextFor(Metrics, 'scrape'))).toThrow(ForbiddenException);
    expect(() => guardFor().canActivate(contextFor(Metrics, 'scrape'))).toThrow(UnauthorizedException);
  });
});
