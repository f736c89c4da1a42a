import type { Role } from './role';

/** An API key as the ledger shows it: everything but the secret, which only its holder has. */
export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  /** For emitters: the systems it may append facts for. Empty for other roles. */
  systems: string[];
  createdAt: string;
  revokedAt?: string;
}

/** A key just created: the one moment its secret is known to the ledger. */
export interface IssuedApiKey extends ApiKey {
  key: string;
}

export interface ApiKeyRequest {
  name: string;
  role: Role;
  systems?: string[];
}
