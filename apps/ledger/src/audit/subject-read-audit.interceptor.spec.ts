import { ExecutionContext, NotFoundException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { firstValueFrom, of, throwError } from 'rxjs';
import { frozenClock } from '@ledger/domain';
import { KeyVault, openSubjectText } from '@ledger/vault';
import type { ApiKey } from '@ledger/access';
import type { RequestAuthenticator } from '../access/request-authenticator';
import type { AccessAuditLog } from './access-audit-log';
import { AuditSubjectRead } from './audit-subject-read.decorator';
import { ReadPurposes } from './read-purposes';
import type { SubjectRead } from './subject-read';
import { SubjectReadAuditInterceptor } from './subject-read-audit.interceptor';

class Reads {
  @AuditSubjectRead() events() {}
  @AuditSubjectRead({ param: 'id' }) profile() {}
  @AuditSubjectRead({ query: 'subjectId' }) findings() {}
  @AuditSubjectRead({ lookup: true }) lookup() {}
  unaudited() {}
}

const key: ApiKey = { id: '0123456789abcdef', name: 'dpo', role: 'dpo', systems: [], createdAt: '2025-01-01T00:00:00.000Z' };
// Every subject's identity key, as a vault would hand it out.
const identity = randomBytes(32);
const vault = { keysForReading: async () => new Map([['identity', identity]]) } as unknown as KeyVault;

function contextFor(
  handler: keyof Reads,
  headers: Record<string, string>,
  params: Record<string, string>,
  query: Record<string, string> = {},
): ExecutionContext {
  const request = { method: 'GET', headers, params, query, routeOptions: { url: `/v1/things/:${Object.keys(params)[0]}` } };
  return {
    getHandler: () => Reads.prototype[handler],
    getClass: () => Reads,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

function interceptorWith(record: (read: SubjectRead) => Promise<void>) {
  return new SubjectReadAuditInterceptor(
    new Reflector(),
    { keyOf: () => key } as unknown as RequestAuthenticator,
    { record } as unknown as AccessAuditLog,
    new ReadPurposes(vault),
    frozenClock(new Date('2025-06-01T08:00:00Z')),
  );
}

describe('SubjectReadAuditInterceptor', () => {
  it('records the read before the answer leaves, from the declared parameter', async () => {
    const reads: SubjectRead[] = [];
    const interceptor = interceptorWith(async (r) => void reads.push(r));
    const answer = await firstValueFrom(
      interceptor.intercept(contextFor('profile', { 'x-purpose': ' complaint 12 ' }, { id: 'S-1' }), { handle: () => of('data') }),
    );
    expect(answer).toBe('data');
    expect(reads).toEqual([
      {
        at: '2025-06-01T08:00:00.000Z',
        keyId: key.id,
        keyName: 'dpo',
        role: 'dpo',
        subjectId: 'S-1',
        outcome: 'disclosed',
        purposeSealed: expect.any(String),
        route: 'GET /v1/things/:id',
      },
    ]);
    // Sealed with the subject's identity key, bound to that subject.
    expect(openSubjectText(new Map([['identity', identity]]), 'access-audit/S-1', reads[0].purposeSealed!)).toBe('complaint 12');
    expect(() => openSubjectText(new Map([['identity', identity]]), 'access-audit/S-2', reads[0].purposeSealed!)).toThrow();
  });

  it('takes the subject from the query when told to, and audits nothing when the query names no subject', async () => {
    const reads: SubjectRead[] = [];
    const interceptor = interceptorWith(async (r) => void reads.push(r));
    await firstValueFrom(interceptor.intercept(contextFor('findings', { 'x-purpose': 'p' }, {}, { subjectId: 'S-2' }), { handle: () => of([]) }));
    expect(await firstValueFrom(interceptor.intercept(contextFor('findings', {}, {}, { status: 'open' }), { handle: () => of([]) }))).toEqual([]);
    expect(reads.map((r) => [r.subjectId, r.outcome])).toEqual([['S-2', 'disclosed']]);
  });

  it('records a lookup that finds no one as a miss, with the system and without the id, and still answers 404', async () => {
    const reads: SubjectRead[] = [];
    const interceptor = interceptorWith(async (r) => void reads.push(r));
    const query = { system: 'ｃｒｍ', externalId: 'C-404' };
    const miss = interceptor.intercept(contextFor('lookup', { 'x-purpose': 'is she a customer?' }, {}, query), {
      handle: () => throwError(() => new NotFoundException('no subject')),
    });
    await expect(firstValueFrom(miss)).rejects.toBeInstanceOf(NotFoundException);
    const hit = interceptor.intercept(contextFor('lookup', { 'x-purpose': 'p' }, {}, query), { handle: () => of({ subjectId: 'S-3' }) });
    await firstValueFrom(hit);
    expect(reads.map(({ subjectId, system, outcome }) => ({ subjectId, system, outcome }))).toEqual([
      { subjectId: undefined, system: 'crm', outcome: 'not-found' },
      { subjectId: 'S-3', system: 'crm', outcome: 'disclosed' },
    ]);
    expect(JSON.stringify(reads)).not.toContain('C-404');
    expect(reads[0].purposeSealed).toBeUndefined();
  });

  it('refuses a read without a purpose before the handler runs', () => {
    const handle = jest.fn(() => of('data'));
    expect(() => interceptorWith(async () => undefined).intercept(contextFor('events', {}, { subjectId: 'S-1' }), { handle })).toThrow(
      'X-Purpose header is required',
    );
    expect(handle).not.toHaveBeenCalled();
  });

  it('fails the read when it cannot be recorded', async () => {
    const interceptor = interceptorWith(async () => {
      throw new Error('disk full');
    });
    const answer = interceptor.intercept(contextFor('events', { 'x-purpose': 'p' }, { subjectId: 'S-1' }), { handle: () => of('data') });
    await expect(firstValueFrom(answer)).rejects.toThrow('disk full');
  });

  it('leaves handlers without the decorator alone', async () => {
    const record = jest.fn();
    const answer = interceptorWith(record).intercept(contextFor('unaudited', {}, { subjectId: 'S-1' }), { handle: () => of('data') });
    expect(await firstValueFrom(answer)).toBe('data');
    expect(record).not.toHaveBeenCalled();
  });
});
