import type Database from 'better-sqlite3';
import { openSqlite } from '@ledger/event-store';
import { LastAdminKeyError, UnknownApiKeyError } from './api-key-errors';
import { generateApiKey, generateKeyId, hashApiKey } from './api-key-secret';
import type { ApiKey, ApiKeyRequest, IssuedApiKey } from './api-key';
import type { Role } from './role';

/** The API keys live in a file of their own, apart from events and the key vault. */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS api_keys (
  key_id        TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL,
  systems       TEXT NOT NULL,
  secret_sha256 BLOB NOT NULL UNIQUE,
  created_at    TEXT NOT NULL,
  revoked_at    TEXT
);
`;

interface KeyRow {
  key_id: string;
  name: string;
  role: Role;
  systems: string;
  created_at: string;
  revoked_at: string | null;
}

const COLUMNS = 'key_id, name, role, systems, created_at, revoked_at';

const toApiKey = (row: KeyRow): ApiKey => ({
  id: row.key_id,
  name: row.name,
  role: row.role,
  systems: JSON.parse(row.systems) as string[],
  createdAt: row.created_at,
  ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}),
});

/**
 * API keys, kept as SHA-256 hashes of their secrets. Shared by the server and the CLI (SQLite
 * WAL lets both open the file at once); every request looks its key up here, so a key
 * created or revoked from the CLI takes effect on the next request.
 */
export class ApiKeyStore {
  private readonly db: Database.Database;
  private readonly stmt: Record<'insert' | 'bySecret' | 'knows' | 'byId' | 'all' | 'count' | 'activeAdmins' | 'revoke', Database.Statement>;

  constructor(
    file: string,
    private readonly now: () => Date,
  ) {
    this.db = openSqlite(file, { cacheMiB: 2 });
    this.db.exec(SCHEMA);
    this.stmt = {
      insert: this.db.prepare(
        'INSERT INTO api_keys (key_id, name, role, systems, secret_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      bySecret: this.db.prepare(`SELECT ${COLUMNS} FROM api_keys WHERE secret_sha256 = ? AND revoked_at IS NULL`),
      knows: this.db.prepare('SELECT 1 FROM api_keys WHERE secret_sha256 = ?'),
      byId: this.db.prepare(`SELECT ${COLUMNS} FROM api_keys WHERE key_id = ?`),
      // In the order of creation (rowid), which a frozen clock (LEDGER_NOW) would not give.
      all: this.db.prepare(`SELECT ${COLUMNS} FROM api_keys ORDER BY rowid`),
      count: this.db.prepare('SELECT COUNT(*) AS n FROM api_keys').pluck(),
      activeAdmins: this.db.prepare("SELECT COUNT(*) AS n FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL").pluck(),
      revoke: this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL'),
    };
  }

  /** Creates a key; the secret is returned here and nowhere else. */
  issue(request: ApiKeyRequest, secret: string = generateApiKey()): IssuedApiKey {
    const key: ApiKey = {
      id: generateKeyId(),
      name: request.name,
      role: request.role,
      systems: request.role === 'emitter' ? [...(request.systems ?? [])] : [],
      createdAt: this.now().toISOString(),
    };
    this.stmt.insert.run(key.id, key.name, key.role, JSON.stringify(key.systems), hashApiKey(secret), key.createdAt);
    return { ...key, key: secret };
  }

  /** The first admin key, only while no key exists at all (atomic, so two starting servers cannot both create one). */
  issueFirstAdmin(name: string, secret?: string): IssuedApiKey | undefined {
    return this.db
      .transaction(() => (this.stmt.count.get() === 0 ? this.issue({ name, role: 'admin' }, secret) : undefined))
      .immediate();
  }

  /** The active key with this secret, if any. */
  authenticate(secret: string): ApiKey | undefined {
    const row = this.stmt.bySecret.get(hashApiKey(secret)) as KeyRow | undefined;
    return row && toApiKey(row);
  }

  /** Whether this secret belongs to a stored key, active or revoked. */
  knows(secret: string): boolean {
    return this.stmt.knows.get(hashApiKey(secret)) !== undefined;
  }

  get(id: string): ApiKey | undefined {
    const row = this.stmt.byId.get(id) as KeyRow | undefined;
    return row && toApiKey(row);
  }

  /** Every key, revoked ones included (they stay as a record of who had access). */
  list(): ApiKey[] {
    return (this.stmt.all.all() as KeyRow[]).map(toApiKey);
  }

  /** Revokes a key at once; revoking a revoked key changes nothing. The last active admin key stays. */
  revoke(id: string): ApiKey {
    return this.db
      .transaction((): ApiKey => {
        const key = this.get(id);
        if (!key) throw new UnknownApiKeyError(id);
        if (key.revokedAt) return key;
        if (key.role === 'admin' && this.stmt.activeAdmins.get() === 1) throw new LastAdminKeyError(id);
        this.stmt.revoke.run(this.now().toISOString(), id);
        return this.get(id)!;
      })
      .immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
