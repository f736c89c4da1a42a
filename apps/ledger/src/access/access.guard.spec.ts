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
    authenticate: async () => (key === 'scrape-token' ? { kind: 'scrape-token' } : key ? { kind: 'key', key } : { kind: 'none' }),
  } as unknown as RequestAuthenticator);

describe('AccessGuard', () => {
  it('denies a route without @Roles to every role but admin (default deny)', async () => {
    for (const role of ['emitter', 'dpo', 'regulator'] as const) {
      await expect(guardFor(keyWith(role)).canActivate(contextFor(Undeclared, 'handler'))).rejects.toThrow(ForbiddenException);
    }
    expect(await guardFor(keyWith('admin')).canActivate(contextFor(Undeclared, 'handler'))).toBe(true);
  });

  it('asks for a key on every route that is not @Public', async () => {
    await expect(guardFor().canActivate(contextFor(Undeclared, 'handler'))).rejects.toThrow(UnauthorizedException);
    await expect(guardFor().canActivate(contextFor(ForDpo, 'read'))).rejects.toThrow(UnauthorizedException);
    expect(await guardFor().canActivate(contextFor(Open, 'handler'))).toBe(true);
  });

  it('lets every valid key, emitters included, call an @AnyKey route, and no one without a key', async () => {
    for (const role of ['emitter', 'dpo', 'regulator', 'admin'] as const) {
      expect(await guardFor(keyWith(role, role === 'emitter' ? ['crm'] : [])).canActivate(contextFor(AboutTheKey, 'me'))).toBe(true);
    }
    await expect(guardFor().canActivate(contextFor(AboutTheKey, 'me'))).rejects.toThrow(UnauthorizedException);
  });

  it("takes a handler's roles over its controller's", async () => {
    expect(await guardFor(keyWith('dpo')).canActivate(contextFor(ForDpo, 'read'))).toBe(true);
    await expect(guardFor(keyWith('dpo')).canActivate(contextFor(ForDpo, 'summary'))).rejects.toThrow(ForbiddenException);
    expect(await guardFor(keyWith('regulator')).canActivate(contextFor(ForDpo, 'summary'))).toBe(true);
  });

  it('lets emitters call only routes that say where their facts are, and only for their systems', async () => {
    const emitter = keyWith('emitter', ['crm']);
    const own = { subject: { system: 'crm', externalId: 'C-1' }, data: {} };
    await expect(guardFor(emitter).canActivate(contextFor(ForDpo, 'undeclaredAppend', own))).rejects.toThrow('emitter keys may only append facts');
    expect(await guardFor(emitter).canActivate(contextFor(ForDpo, 'append', own))).toBe(true);
    await expect(guardFor(emitter).canActivate(contextFor(ForDpo, 'append', { ...own, subject: { system: 'hr', externalId: 'E-1' } }))).rejects.toThrow(
      ForbiddenException,
    );
  });

  it('lets the scrape token through to routes that accept it, and nowhere else', async () => {
    expect(await guardFor('scrape-token').canActivate(contextFor(Metrics, 'scrape'))).toBe(true);
    for (const [controller, handler] of [
      [ForDpo, 'read'],
      [Undeclared, 'handler'],
      [ForDpo, 'append'],
    ] as const) {
      await expect(guardFor('scrape-token').canActivate(contextFor(controller, handler))).rejects.toThrow(
        'the metrics scrape token is accepted by GET /metrics only',
      );
    }
    expect(await guardFor(keyWith('admin')).canActivate(contextFor(Metrics, 'scrape'))).toBe(true);
    await expect(guardFor(keyWith('dpo')).canActivate(contextFor(Metrics, 'scrape'))).rejects.toThrow(ForbiddenException);
    await expect(guardFor().canActivate(contextFor(Metrics, 'scrape'))).rejects.toThrow(UnauthorizedException);
  });
});
