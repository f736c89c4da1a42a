import { normalSubjectName } from '@ledger/domain';
import type { SubjectKeyRequest, SubjectName } from './key-vault';

/** The AAD a subject's sealed name is bound to. */
export const nameAad = (subjectId: string, system: string) => `${subjectId}/name/${system}`;

/** The AAD a wrapped data key is bound to. */
export const keyAad = (subjectId: string, group: string) => `${subjectId}/${group}`;

/** A request whose name is in its normal form; `givenName` is the name as given, when that differs. */
export type NormalizedRequest = SubjectKeyRequest & { givenName?: SubjectName };

/**
 * Every name is indexed, sealed and cached in its normal form (normalSubjectName: NFKC, one
 * dash, no invisible characters), so ingestion, lookups and erasure agree on which subject a
 * spelling names. Refused forms throw InvalidSubjectNameError: the API refuses them first.
 */
export function withNormalName(request: SubjectKeyRequest): NormalizedRequest {
  if (!request.name) return request;
  const name = normalSubjectName(request.name);
  const same = name.system === request.name.system && name.externalId === request.name.externalId;
  return same ? request : { ...request, name, givenName: request.name };
}

/** The in-memory cache is keyed by the name itself: memory is not a file, and an HMAC per fact is not free. */
export const nameCacheKey = (name: SubjectName): string => `${name.system}\u0000${name.externalId}`;
