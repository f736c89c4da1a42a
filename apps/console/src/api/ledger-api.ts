import { ApiError } from './api-error';
import type { LedgerClient } from './client';
import { QueryValue, pathWithQuery } from './client';
import { Page, pageOf } from './paging';
import type {
  ApiKey,
  AuditEntry,
  Breach,
  DataMap,
  ErasureStatus,
  Finding,
  HistoryEvent,
  Me,
  OverviewCounts,
  Readiness,
  Recipient,
  RecordOfProcessing,
  SignedDigest,
  SignedSummary,
  SigningKey,
  SubjectRequest,
} from './types';

export interface FindingsFilter {
  status?: 'open' | 'closed' | 'all';
  rule?: string;
  due?: 'overdue' | 'within72h' | 'later';
  subjectId?: string;
  breachId?: string;
}

export interface HistoryFilter {
  type?: string[];
  from?: string;
  to?: string;
}

export interface AuditFilter {
  subjectId?: string;
  keyId?: string;
  from?: string;
  to?: string;
}

export interface RequestsFilter {
  status?: string;
  right?: string;
  overdue?: boolean;
}

export interface NewFact {
  id: string;
  type: string;
  occurredAt: string;
  breachId?: string;
  subject?: { system: string; externalId: string } | { subjectId: string };
  data: Record<string, unknown>;
}

/**
 * The routes the console uses, one function each. Every register the ledger pages takes the
 * server's `next` back as `cursor`.
 */
export function ledgerApi(client: LedgerClient) {
  const fresh = () => ({ minPosition: client.minPosition });
  return {
    me: () => client.json<Me>('GET', '/v1/me'),
    /** Readiness with the read models' positions; a ledger that is not ready answers 503, which is news, not an error. */
    readiness: async (): Promise<Readiness> => {
      try {
        return await client.json<Readiness>('GET', '/health/ready');
      } catch (error) {
        if (error instanceof ApiError && error.status === 503) return { status: 'not-ready' };
        throw error;
      }
    },
    overview: () => client.json<OverviewCounts>('GET', pathWithQuery('/v1/overview', fresh())),

    findings: async (filter: FindingsFilter = {}, cursor?: string): Promise<Page<Finding> & { now?: string }> => {
      const body = await client.json<Record<string, unknown>>('GET', pathWithQuery('/v1/findings', { ...filter, cursor, ...fresh() }));
      return { ...pageOf<Finding>(body, 'findings'), now: body.now as string | undefined };
    },

    breaches: async (cursor?: string): Promise<Page<Breach>> =>
      pageOf<Breach>(await client.json('GET', pathWithQuery('/v1/breaches', { cursor, ...fresh() })), 'breaches'),
    breach: (breachId: string) => client.json<Breach>('GET', pathWithQuery(`/v1/breaches/${encodeURIComponent(breachId)}`, fresh())),
    summary: (breachId: string) => client.json<SignedSummary>('GET', pathWithQuery(`/v1/breaches/${encodeURIComponent(breachId)}/summary`, fresh())),
    summaryFile: (breachId: string, accept: string) => client.file(pathWithQuery(`/v1/breaches/${encodeURIComponent(breachId)}/summary`, fresh()), accept),

    recordFact: (fact: NewFact) => client.json<{ id: string; position: number }>('POST', '/v1/events', { body: fact }),

    requests: async (filter: RequestsFilter = {}, cursor?: string): Promise<Page<SubjectRequest>> =>
      pageOf<SubjectRequest>(await client.json('GET', pathWithQuery('/v1/requests', { ...filter, cursor, ...fresh() })), 'requests'),

    lookupSubject: (system: string, externalId: string, purpose: string) =>
      client.json<{ subjectId: string }>('GET', pathWithQuery('/v1/subjects', { system, externalId }), { purpose }),
    dataMap: (subjectId: string, purpose: string) => client.json<DataMap>('GET', pathWithQuery(`/v1/subjects/${subjectId}/data-map`, fresh()), { purpose }),
    history: async (subjectId: string, purpose: string, filter: HistoryFilter, cursor?: string, limit = 50): Promise<Page<HistoryEvent>> =>
      pageOf<HistoryEvent>(
        await client.json('GET', pathWithQuery(`/v1/subjects/${subjectId}/history`, { ...filter, cursor, limit, ...fresh() }), { purpose }),
        'events',
      ),
    erasure: (subjectId: string, purpose: string) => client.json<ErasureStatus>('GET', `/v1/subjects/${subjectId}/erasure`, { purpose }),
    /** Empty fields are left out: the ledger makes up a request id, and ground and note are optional. */
    startErasure: (subjectId: string, request: { requestId?: string; ground?: string; note?: string }) =>
      client.json<{ recorded?: boolean; requestId?: string }>('POST', `/v1/subjects/${subjectId}/erasure`, {
        body: Object.fromEntries(Object.entries(request).filter(([, v]) => v)),
      }),

    audit: async (filter: AuditFilter, cursor?: string, limit = 50): Promise<Page<AuditEntry>> =>
      pageOf<AuditEntry>(await client.json('GET', pathWithQuery('/v1/audit/access', { ...filter, cursor, limit })), 'entries'),

    recipients: async (cursor?: string): Promise<Page<Recipient>> =>
      pageOf<Recipient>(await client.json('GET', pathWithQuery('/v1/recipients', { cursor, ...fresh() })), 'recipients'),
    recordOfProcessing: () => client.json<RecordOfProcessing>('GET', pathWithQuery('/v1/records-of-processing', fresh())),

    digest: () => client.json<SignedDigest>('GET', '/v1/ledger/digest?heads=false'),
    signingKey: () => client.json<SigningKey>('GET', '/v1/keys/signing'),

    keys: () => client.json<{ keys: ApiKey[] }>('GET', '/v1/admin/keys'),
    createKey: (request: { name: string; role: string; systems?: string[] }) =>
      client.json<ApiKey & { key: string }>('POST', '/v1/admin/keys', { body: request }),
    revokeKey: (keyId: string) => client.json<ApiKey>('DELETE', `/v1/admin/keys/${encodeURIComponent(keyId)}`),

    /** A register as a file (CSV, PDF) in the console's language, with the filters in `query`. */
    export: (path: string, accept: string, query: Record<string, QueryValue> = {}) => client.file(pathWithQuery(path, query), accept),
  };
}

export type LedgerApi = ReturnType<typeof ledgerApi>;
