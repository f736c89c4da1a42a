import type { Pool, PoolClient } from 'pg';
import { LastAdminKeyError, UnknownApiKeyError } from './api-key-errors';
import { hashApiKey } from './api-key-secret';
import { ApiKeyStore, newApiKey } from './api-key-store';
import type { ApiKey, ApiKeyRequest, IssuedApiKey } from './api-key';
import type { Role } from './role';

interface KeyRow {
  key_id: string;
  name: string;
  role: Role;
  systems: string[];
  created_at: string;
  revoked_at: string | null;
}

const COLUMNS = 'key_id, name, role, systems, created_at, revoked_at';

const toApiKey = (row: KeyRow): ApiKey => ({
  id: row.key_id,
  name: row.name,
  role: row.role,
  systems: row.systems,
  createdAt: row.created_at,
  ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}),
});

const INSERT = 'INSERT INTO api_keys (key_id, name, role, systems, secret_sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6)';

// Taken by the two writes that look at other keys first (the first admin, the last admin): they
// run one at a time across every instance, while lookups and plain inserts do not wait for it.
const LOCK_KEYS = 'LOCK TABLE api_keys IN SHARE ROW EXCLUSIVE MODE';

export interface PostgresApiKeyStoreOptions {
  /** The process's pool; the schema must be migrated (libs/postgres migrations, api_keys). */
  pool: Pool;
  now: () => Date;
  /** End the pool on close: for a store given a pool of its own (the CLI). */
  endPoolOnClose?: boolean;
}

/**
 * API keys in the PostgreSQL database (table api_keys), shared by every ledger instance and the
 * CLI: a key created or revoked through any of them applies to all at their next request.
 * The same rules as the SQLite store; its spec runs against both.
 */
export class PostgresApiKeyStore extends ApiKeyStore {
  constructor(private readonly options: PostgresApiKeyStoreOptions) {
    super();
  }

  async issue(request: ApiKeyRequest, secret?: string): Promise<IssuedApiKey> {
    const issued = newApiKey(request, this.options.now(), secret);
    await this.options.pool.query({ name: 'ledger-api-key-insert', text: INSERT, values: this.insertValues(issued) });
    return issued;
  }

  async issueFirstAdmin(name: string, secret?: string): Promise<IssuedApiKey | undefined> {
    return this.transaction(async (client) => {
      const { rows } = await client.query('SELECT 1 FROM api_keys LIMIT 1');
      if (rows.length > 0) return undefined;
      const issued = newApiKey({ name, role: 'admin' }, this.options.now(), secret);
      await client.query(INSERT, this.insertValues(issued));
      return issued;
    });
  }

  async authenticate(secret: string): Promise<ApiKey | undefined> {
    const { rows } = await this.options.pool.query<KeyRow>({
      name: 'ledger-api-key-by-secret',
      text: `SELECT ${COLUMNS} FROM api_keys WHERE secret_sha256 = $1 AND revoked_at IS NULL`,
      values: [hashApiKey(secret)],
    });
    return rows[0] && toApiKey(rows[0]);
  }

  async knows(secret: string): Promise<boolean> {
    const { rows } = await this.options.pool.query('SELECT 1 FROM api_keys WHERE secret_sha256 = $1', [hashApiKey(secret)]);
    return rows.length > 0;
  }

  async get(id: string, client: Pick<Pool, 'query'> = this.options.pool): Promise<ApiKey | undefined> {
    const { rows } = await client.query<KeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE key_id = $1`, [id]);
    return rows[0] && toApiKey(rows[0]);
  }

  async list(): Promise<ApiKey[]> {
    // In the order of creation (an identity column), which a frozen clock (LEDGER_NOW) would not give.
    const { rows } = await this.options.pool.query<KeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_seq`);
    return rows.map(toApiKey);
  }

  async revoke(id: string): Promise<ApiKey> {
    return this.transaction(async (client) => {
      const key = await this.get(id, client);
      if (!key) throw new UnknownApiKeyError(id);
      if (key.revokedAt) return key;
      if (key.role === 'admin') {
        const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL");
        if (rows[0].n === 1) throw new LastAdminKeyError(id);
      }
      await client.query('UPDATE api_keys SET revoked_at = $1 WHERE key_id = $2 AND revoked_at IS NULL', [this.options.now().toISOString(), id]);
      return (await this.get(id, client))!;
    });
  }

  async close(): Promise<void> {
    if (this.options.endPoolOnClose) await this.options.pool.end();
  }

  private insertValues(issued: IssuedApiKey): unknown[] {
    return [issued.id, issued.name, issued.role, issued.systems, hashApiKey(issued.key), issued.createdAt];
  }

  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.options.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(`BEGIN; ${LOCK_KEYS}`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
      throw error;
    } finally {
      // A connection that failed is dropped, not handed to the next caller.
      client.release(broken);
    }
  }
}
