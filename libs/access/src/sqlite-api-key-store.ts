import type Database from 'better-sqlite3';
import { openSqlite } from '@ledger/event-store';
import { LastAdminKeyError, UnknownApiKeyError } from './api-key-errors';
import { hashApiKey } from './api-key-secret';
import { ApiKeyStore, newApiKey } from './api-key-store';
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
 * API keys in the data directory's access.db. Shared by the server and the CLI (SQLite WAL
 * lets both open the file at once). Synchronous underneath; async only to fit the port.
 */
export class SqliteApiKeyStore extends ApiKeyStore {
  private readonly db: Database.Database;
  private readonly stmt: Record<'insert' | 'bySecret' | 'knows' | 'byId' | 'all' | 'count' | 'activeAdmins' | 'revoke', Database.Statement>;

  constructor(
    file: string,
    private readonly now: () => Date,
  ) {
    super();
    this.db = openSqlite(file, { cacheMiB: 2 });
    this.db.exec(SCHEMA);
    this.stmt = {
      insert: this.db.prepare('INSERT INTO api_keys (key_id, name, role, systems, secret_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
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

  async issue(request: ApiKeyRequest, secret?: string): Promise<IssuedApiKey> {
    return this.issueNow(request, secret);
  }

  private issueNow(request: ApiKeyRequest, secret?: string): IssuedApiKey {
    const issued = newApiKey(request, this.now(), secret);
    this.stmt.insert.run(issued.id, issued.name, issued.role, JSON.stringify(issued.systems), hashApiKey(issued.key), issued.createdAt);
    return issued;
  }

  async issueFirstAdmin(name: string, secret?: string): Promise<IssuedApiKey | undefined> {
    return this.db.transaction(() => (this.stmt.count.get() === 0 ? this.issueNow({ name, role: 'admin' }, secret) : undefined)).immediate();
  }

  async authenticate(secret: string): Promise<ApiKey | undefined> {
    const row = this.stmt.bySecret.get(hashApiKey(secret)) as KeyRow | undefined;
    return row && toApiKey(row);
  }

  async knows(secret: string): Promise<boolean> {
    return this.stmt.knows.get(hashApiKey(secret)) !== undefined;
  }

  async get(id: string): Promise<ApiKey | undefined> {
    return this.byId(id);
  }

  private byId(id: string): ApiKey | undefined {
    const row = this.stmt.byId.get(id) as KeyRow | undefined;
    return row && toApiKey(row);
  }

  async list(): Promise<ApiKey[]> {
    return (this.stmt.all.all() as KeyRow[]).map(toApiKey);
  }

  async revoke(id: string): Promise<ApiKey> {
    return this.db
      .transaction((): ApiKey => {
        const key = this.byId(id);
        if (!key) throw new UnknownApiKeyError(id);
        if (key.revokedAt) return key;
        if (key.role === 'admin' && this.stmt.activeAdmins.get() === 1) throw new LastAdminKeyError(id);
        this.stmt.revoke.run(this.now().toISOString(), id);
        return this.byId(id)!;
      })
      .immediate();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
