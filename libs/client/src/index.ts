export { LedgerClient } from './ledger-client';
export type { LedgerClientStatus, RecordedFact } from './ledger-client';
export type { LedgerClientOptions } from './client-options';
export { DEFAULT_BATCH_POLICY, LEDGER_MAX_BATCH } from './client-options';
export type { BatchPolicy } from './fact-sender';
export { DEFAULT_RETRY_POLICY, retryDelay } from './retry-policy';
export type { RetryPolicy } from './retry-policy';
export { buildFact } from './fact';
export type { AnyFactInput, FactInput, LedgerFact, PersonalValues, StreamReferences, SubjectReference } from './fact';
export type { FactReceipt } from './fact-receipt';
export { facts } from './fact-builders';
export { subject, subjectById } from './subject';
export {
  FactIdConflictError,
  LedgerBackpressureError,
  LedgerClientClosedError,
  LedgerError,
  LedgerFlushTimeoutError,
  LedgerUnavailableError,
  UnsentFactsError,
} from './errors';
export type { FactRejection, ProblemDetail } from './errors';
export { CLIENT_VERSION } from './client-version';
export * from './generated/catalog';
