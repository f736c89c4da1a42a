import { generateApiKey, generateKeyId } from './api-key-secret';
import type { ApiKey, ApiKeyRequest, IssuedApiKey } from './api-key';

/**
 * Where API keys are kept, as SHA-256 hashes of their secrets: a SQLite file in the data
 * directory (SqliteApiKeyStore, the embedded default) or the PostgreSQL database that several
 * ledger instances share (PostgresApiKeyStore, when LEDGER_DATABASE_URL is set). Both are read
 * on every request, so a key created or revoked by the CLI or another instance applies at the
 * next one. Also the Nest injection token.
 */
export abstract class ApiKeyStore {
  /** Creates a key; the secret is returned here and nowhere else. */
  abstract issue(request: ApiKeyRequest, secret?: string): Promise<IssuedApiKey>;

  /** The first admin key, only while no key exists at all (atomic, so two starting servers cannot both create one). */
  abstract issueFirstAdmin(name: string, secret?: string): Promise<IssuedApiKey | undefined>;

  /** The active key with this secret, if any. */
  abstract authenticate(secret: string): Promise<ApiKey | undefined>;

  /** Whether this secret belongs to a stored key, active or revoked. */
  abstract knows(secret: string): Promise<boolean>;

  abstract get(id: string): Promise<ApiKey | undefined>;

  /** Every key in the order of creation, revoked ones included (they stay as a record of who had access). */
  abstract list(): Promise<ApiKey[]>;

  /** Revokes a key at once; revoking a revoked key changes nothing. The last active admin key stays. */
  abstract revoke(id: string): Promise<ApiKey>;

  abstract close(): Promise<void>;
}

/** A new key's record and its secret: what both stores insert (the secret only as its hash). */
export function newApiKey(request: ApiKeyRequest, now: Date, secret: string = generateApiKey()): IssuedApiKey {
  return {
    id: generateKeyId(),
    name: request.name,
    role: request.role,
    systems: request.role === 'emitter' ? [...(request.systems ?? [])] : [],
    createdAt: now.toISOString(),
    key: secret,
  };
}
