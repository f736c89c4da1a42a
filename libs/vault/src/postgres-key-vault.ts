import type { ClientConfig, Pool, PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { KeyGroup } from '@ledger/domain';
import { BoundedCache, LogPosition, PostgresNotifications } from '@ledger/event-store';
import { open, randomBytesPooled, seal } from './aead';
import { blindIndex } from './blind-index';
import { deriveKey } from './key-derivation';
import { MasterKey, MasterKeyRing } from './master-key-ring';
import { MasterKeyRotationStore, RewrapBatch, RewrapCursor, VAULT_SECRETS, VaultSecret, secretAad } from './rotation/master-key-rotation';
import { GroupKeys, KeyVault, PreparedSubject, SubjectKeyRequest, SubjectName, UnknownSubjectError } from './key-vault';
import { NormalizedRequest, keyAad, nameAad, nameCacheKey, withNormalName } from './vault-names';

export interface PostgresKeyVaultOptions {
  /** The process's pool (LEDGER_DATABASE_URL), migrated already. */
  pool: Pool;
  /** End the pool on close (a pool the vault was given for itself, as the CLI does). */
  endPoolOnClose?: boolean;
  /** The master key, or the ring of those the vault may meet (a rotation's old and new). */
  masterKey: Buffer | MasterKeyRing;
  now?: () => Date;
  /** Subjects whose unwrapped keys stay in memory. */
  cacheSize?: number;
  /** The connection that hears other processes' shreddings failed; it reconnects (and the cache is dropped). */
  onListenError?: (error: unknown) => void;
}

/** Other ledgers on the same database are told of every shredding on this channel, and drop their caches. */
export const VAULT_SHRED_CHANNEL = 'ledger_vault_shred';
const ERASURE_MARK = 'erasures-applied';
const WRAPPING_KEY = 'wrapping-key';
// Taken shared by every transaction that makes keys, exclusively by a rotation moving the wrapping key.
const WRAPPING_LOCK = '7271838102741003';
const UNIQUE_VIOLATION = '23505';
const SERIALIZATION_FAILURE = '40001';

interface KeyRow {
  key_group: KeyGroup;
  wrapped: Buffer | null;
  master_key_id: string | null;
}

/**
 * The key vault on PostgreSQL, for ledgers that share one database (LEDGER_DATABASE_URL): the
 * embedded vault's tables (vault_*), its blind index, its sealed names and wrapping, so both
 * pass one conformance suite (libs/vault/src/conformance).
 *
 * Several processes: a subject or key that two of them create at once is created once (the
 * loser of the unique constraint rolls back and retries, then finds the winner's); every
 * shredding NOTIFYs, and every vault LISTENs and drops its cache of unwrapped keys, so no
 * process keeps serving a destroyed key from memory (between the commit and the notification
 * arriving, milliseconds, it still may). When the listening connection drops, the cache is
 * dropped again on reconnecting.
 *
 * Erasure on PostgreSQL: an UPDATE leaves the old row version (with the wrapped key) as a dead
 * tuple until VACUUM reclaims it, and in the server's WAL, its archive and any base backup. The
 * erasure pass covers restored backups; for the bytes, see docs/postgresql.md.
 */
export class PostgresKeyVault implements KeyVault, MasterKeyRotationStore {
  private readonly pool: Pool;
  private readonly ring: MasterKeyRing;
  private indexKey: Buffer = Buffer.alloc(0);
  private eventKey: Buffer = Buffer.alloc(0);
  private readonly now: () => Date;
  private readonly keys: BoundedCache<string, Map<KeyGroup, Buffer | null>>;
  private readonly names: BoundedCache<string, string>;
  private readonly notifications: PostgresNotifications;
  /** Per open transaction: the master key it wraps new keys with (wrappingKeyIn). */
  private readonly wrappingOf = new WeakMap<PoolClient, MasterKey>();
  /** Bumped whenever the caches are dropped: a load that began before must not fill them with what it read. */
  private generation = 0;

  /** Opens the vault: its secrets are read (or, on a new database, derived from the master key and stored) first. */
  static async open(options: PostgresKeyVaultOptions): Promise<PostgresKeyVault> {
    const vault = new PostgresKeyVault(options);
    try {
      await vault.loadSecrets();
    } catch (error) {
      await vault.close();
      throw error;
    }
    return vault;
  }

  private constructor(private readonly options: PostgresKeyVaultOptions) {
    this.pool = options.pool;
    this.ring = options.masterKey instanceof MasterKeyRing ? options.masterKey : MasterKeyRing.of(options.masterKey);
    this.now = options.now ?? (() => new Date());
    this.keys = new BoundedCache(options.cacheSize ?? 100_000);
    this.names = new BoundedCache(options.cacheSize ?? 100_000);
    this.notifications = new PostgresNotifications({
      config: options.pool.options as ClientConfig,
      channel: VAULT_SHRED_CHANNEL,
      onNotify: () => this.dropCaches(),
      onError: (error) => {
        this.dropCaches();
        options.onListenError?.(error);
      },
      retryMs: 1000,
    });
    this.notifications.start();
  }

  /** Not wiped: requests in flight may still hold these buffers (for subjects that were not shredded). */
  private dropCaches(): void {
    this.generation++;
    this.keys.clear();
    this.names.clear();
  }

  async prepare(given: readonly SubjectKeyRequest[]): Promise<PreparedSubject[]> {
    const requests = given.map(withNormalName);
    const prepared = requests.map((r) => this.fromCache(r));
    if (prepared.every((p) => p !== undefined)) return prepared as PreparedSubject[];
    const missing = requests.filter((_, i) => prepared[i] === undefined);
    const generation = this.generation;
    const written = await this.transaction((client) => this.prepareAll(client, missing));
    // Cached only after the commit, and only if no shredding was heard meanwhile.
    if (generation === this.generation) {
      for (const [i, p] of written.entries()) {
        this.keys.set(p.subjectId, new Map(p.keys));
        const name = missing[i].name;
        if (name) this.names.set(nameCacheKey(name), p.subjectId);
      }
    }
    let next = 0;
    return prepared.map((p) => p ?? written[next++]);
  }

  private fromCache(request: SubjectKeyRequest): PreparedSubject | undefined {
    const subjectId = request.subjectId ?? (request.name && this.names.get(nameCacheKey(request.name)));
    if (!subjectId) return undefined;
    const keys = this.keys.get(subjectId);
    if (!keys || !request.groups.every((g) => keys.has(g))) return undefined;
    return { subjectId, created: false, keys };
  }

  /**
   * One caller's requests in one transaction, all or none, in a fixed number of statements
   * whatever the batch's size: the names and ids looked up at once, the known subjects' keys
   * loaded at once, then the new subjects, their keys and names inserted at once. A name twice
   * in a batch is one subject; groups asked for one subject by several requests are made once.
   */
  private async prepareAll(client: PoolClient, requests: readonly NormalizedRequest[]): Promise<PreparedSubject[]> {
    const hex = (b: Buffer) => b.toString('hex');
    const indexes = requests.map((r) => (r.subjectId ? undefined : blindIndex(this.indexKey, r.name!.system, r.name!.externalId)));
    const named = [...new Map(indexes.filter((i): i is Buffer => i !== undefined).map((i) => [hex(i), i])).values()];
    const subjectOf = new Map<string, string>();
    if (named.length) {
      const { rows } = await client.query<{ blind_index: Buffer; subject_id: string }>(
        'SELECT blind_index, subject_id FROM vault_subject_names WHERE blind_index = ANY($1::bytea[])',
        [named],
      );
      for (const row of rows) subjectOf.set(hex(row.blind_index), row.subject_id);
    }
    const byId = [...new Set(requests.flatMap((r) => (r.subjectId ? [r.subjectId] : [])))];
    if (byId.length) {
      const { rows } = await client.query<{ subject_id: string }>('SELECT subject_id FROM vault_subjects WHERE subject_id = ANY($1::text[])', [byId]);
      const known = new Set(rows.map((r) => r.subject_id));
      const unknown = byId.find((id) => !known.has(id));
      if (unknown) throw new UnknownSubjectError(unknown);
    }
    // A name recorded before names were normalised (rare): moved to its normal form one by one.
    for (const [i, request] of requests.entries()) {
      const index = indexes[i];
      if (!index || !request.givenName || subjectOf.has(hex(index))) continue;
      const adopted = await this.adoptGivenName(client, request.givenName, request.name!, index);
      if (adopted) subjectOf.set(hex(index), adopted);
    }

    // Who each request is, and which subjects this batch creates (the first request naming one creates it).
    const fresh = new Map<string, { index: Buffer; name: SubjectName }>();
    const created = new Set<number>();
    const subjects = requests.map((request, i) => {
      if (request.subjectId) return request.subjectId;
      const key = hex(indexes[i]!);
      let subjectId = subjectOf.get(key);
      if (!subjectId) {
        subjectId = uuidv7();
        subjectOf.set(key, subjectId);
        fresh.set(subjectId, { index: indexes[i]!, name: request.name! });
        created.add(i);
      }
      return subjectId;
    });
    const keysOf = await this.loadKeysOf(
      client,
      [...new Set(subjects)].filter((id) => !fresh.has(id)),
    );
    for (const subjectId of fresh.keys()) keysOf.set(subjectId, new Map());

    // The keys to make: every group asked for that the subject lacks, and identity for every new subject (its name is sealed with it).
    const wanted = new Map<string, Set<KeyGroup>>();
    const want = (subjectId: string, group: KeyGroup) => {
      if (keysOf.get(subjectId)!.has(group)) return;
      if (!wanted.has(subjectId)) wanted.set(subjectId, new Set());
      wanted.get(subjectId)!.add(group);
    };
    for (const subjectId of fresh.keys()) want(subjectId, 'identity');
    requests.forEach((request, i) => request.groups.forEach((group) => want(subjects[i], group)));
    const made = [...wanted].flatMap(([subjectId, groups]) => [...groups].map((group) => ({ subjectId, group, key: randomBytesPooled(32) })));

    if (fresh.size) {
      await client.query('INSERT INTO vault_subjects (subject_id, created_at) SELECT s, $2 FROM unnest($1::text[]) AS s', [
        [...fresh.keys()],
        this.now().toISOString(),
      ]);
    }
    const lost = new Set<string>();
    if (made.length) {
      const wrapping = await this.wrappingKeyIn(client);
      const { rows } = await client.query<{ subject_id: string; key_group: KeyGroup }>(
        `INSERT INTO vault_subject_keys (subject_id, key_group, wrapped, master_key_id)
         SELECT s, g, w, $4 FROM unnest($1::text[], $2::text[], $3::bytea[]) AS t(s, g, w)
         ON CONFLICT DO NOTHING RETURNING subject_id, key_group`,
        [made.map((m) => m.subjectId), made.map((m) => m.group), made.map((m) => seal(wrapping.wrapKey, m.key, keyAad(m.subjectId, m.group))), wrapping.id],
      );
      const stored = new Set(rows.map((r) => `${r.subject_id}/${r.key_group}`));
      for (const m of made) {
        if (stored.has(`${m.subjectId}/${m.group}`)) keysOf.get(m.subjectId)!.set(m.group, m.key);
        else lost.add(m.subjectId);
      }
    }
    // Another ledger made some of these keys first: theirs are the keys.
    if (lost.size) for (const [subjectId, keys] of await this.loadKeysOf(client, [...lost])) keysOf.set(subjectId, keys);
    if (fresh.size) {
      const entries = [...fresh];
      // A unique violation here means another ledger named one of these subjects first: the transaction is retried and finds it.
      await client.query(
        `INSERT INTO vault_subject_names (blind_index, subject_id, system, external_id)
         SELECT b, s, y, e FROM unnest($1::bytea[], $2::text[], $3::text[], $4::bytea[]) AS t(b, s, y, e)`,
        [
          entries.map(([, f]) => f.index),
          entries.map(([id]) => id),
          entries.map(([, f]) => f.name.system),
          entries.map(([id, f]) => seal(keysOf.get(id)!.get('identity')!, Buffer.from(f.name.externalId), nameAad(id, f.name.system))),
        ],
      );
    }
    return requests.map((_, i) => ({ subjectId: subjects[i], created: created.has(i), keys: keysOf.get(subjects[i])! }));
  }

  private async loadKeysOf(client: Pick<Pool, 'query'>, subjectIds: readonly string[]): Promise<Map<string, Map<KeyGroup, Buffer | null>>> {
    const keys = new Map<string, Map<KeyGroup, Buffer | null>>(subjectIds.map((id) => [id, new Map()]));
    if (subjectIds.length === 0) return keys;
    const { rows } = await client.query<KeyRow & { subject_id: string }>(
      'SELECT subject_id, key_group, wrapped, master_key_id FROM vault_subject_keys WHERE subject_id = ANY($1::text[])',
      [subjectIds],
    );
    for (const row of rows) {
      keys
        .get(row.subject_id)!
        .set(row.key_group, row.wrapped ? open(this.ring.byId(row.master_key_id!).wrapKey, row.wrapped, keyAad(row.subject_id, row.key_group)) : null);
    }
    return keys;
  }

  /**
   * The master key this transaction wraps new keys with, read once per transaction under the
   * lock every key maker shares and a rotation moving it takes exclusively: the setting read is
   * the one in force until this transaction commits.
   */
  private async wrappingKeyIn(client: PoolClient): Promise<MasterKey> {
    const known = this.wrappingOf.get(client);
    if (known) return known;
    await client.query(`SELECT pg_advisory_xact_lock_shared(${WRAPPING_LOCK})`);
    const wrapping = this.ring.byId(await this.wrappingKeyIdOn(client));
    this.wrappingOf.set(client, wrapping);
    return wrapping;
  }

  private async subjectAt(client: Pick<Pool, 'query'>, index: Buffer): Promise<string | undefined> {
    const { rows } = await client.query<{ subject_id: string }>('SELECT subject_id FROM vault_subject_names WHERE blind_index = $1', [index]);
    return rows[0]?.subject_id;
  }

  /** As the embedded vault: a name indexed as it was given before names were normalised moves to its normal form's index. */
  private async adoptGivenName(client: PoolClient, given: SubjectName, name: SubjectName, index: Buffer): Promise<string | undefined> {
    const legacyIndex = blindIndex(this.indexKey, given.system, given.externalId);
    const subjectId = await this.subjectAt(client, legacyIndex);
    const identity = subjectId && (await this.loadKeys(client, subjectId)).get('identity');
    if (!subjectId || !identity) return undefined;
    await client.query('DELETE FROM vault_subject_names WHERE blind_index = $1', [legacyIndex]);
    await client.query('INSERT INTO vault_subject_names (blind_index, subject_id, system, external_id) VALUES ($1, $2, $3, $4)', [
      index,
      subjectId,
      name.system,
      seal(identity, Buffer.from(name.externalId), nameAad(subjectId, name.system)),
    ]);
    return subjectId;
  }

  private async loadKeys(client: Pick<Pool, 'query'>, subjectId: string): Promise<Map<KeyGroup, Buffer | null>> {
    const { rows } = await client.query<KeyRow>('SELECT key_group, wrapped, master_key_id FROM vault_subject_keys WHERE subject_id = $1', [subjectId]);
    return new Map(
      rows.map((row) => [row.key_group, row.wrapped ? open(this.ring.byId(row.master_key_id!).wrapKey, row.wrapped, keyAad(subjectId, row.key_group)) : null]),
    );
  }

  /** Runs `work` in a transaction, retried when it lost a race to another process (the winner's rows are then there to find). */
  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      this.wrappingOf.delete(client);
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        const code = (error as { code?: string }).code;
        if ((code === UNIQUE_VIOLATION || code === SERIALIZATION_FAILURE) && attempt < 5) continue;
        throw error;
      } finally {
        client.release(broken);
      }
    }
  }

  async namesOf(subjectId: string): Promise<SubjectName[]> {
    const identity = (await this.keysForReading(subjectId)).get('identity');
    if (!identity) return [];
    const { rows } = await this.pool.query<{ system: string; external_id: Buffer }>(
      'SELECT system, external_id FROM vault_subject_names WHERE subject_id = $1 ORDER BY system',
      [subjectId],
    );
    return rows.map((row) => ({ system: row.system, externalId: open(identity, row.external_id, nameAad(subjectId, row.system)).toString() }));
  }

  async findSubject(given: SubjectName): Promise<string | undefined> {
    const { name, givenName } = withNormalName({ name: given, groups: [] });
    const found = await this.subjectAt(this.pool, blindIndex(this.indexKey, name!.system, name!.externalId));
    return found ?? (givenName && (await this.subjectAt(this.pool, blindIndex(this.indexKey, givenName.system, givenName.externalId))));
  }

  async subjectExists(subjectId: string): Promise<boolean> {
    return ((await this.pool.query('SELECT 1 FROM vault_subjects WHERE subject_id = $1', [subjectId])).rowCount ?? 0) > 0;
  }

  async keysForReading(subjectId: string): Promise<GroupKeys> {
    const cached = this.keys.get(subjectId);
    if (cached) return cached;
    const generation = this.generation;
    const keys = await this.loadKeys(this.pool, subjectId);
    if (generation === this.generation) this.keys.set(subjectId, keys);
    return keys;
  }

  async shred(subjectId: string, groups: readonly KeyGroup[]): Promise<void> {
    const at = this.now().toISOString();
    await this.transaction(async (client) => {
      await client.query(
        `INSERT INTO vault_subject_keys (subject_id, key_group, wrapped, master_key_id, shredded_at)
         SELECT $1, g, NULL, NULL, $3 FROM unnest($2::text[]) AS g
         ON CONFLICT (subject_id, key_group) DO UPDATE SET wrapped = NULL, master_key_id = NULL, shredded_at = excluded.shredded_at`,
        [subjectId, [...groups], at],
      );
      if (groups.includes('identity')) await client.query('DELETE FROM vault_subject_names WHERE subject_id = $1', [subjectId]);
      // Delivered to every listening vault (this one too) when the transaction commits.
      await client.query(`NOTIFY ${VAULT_SHRED_CHANNEL}`);
    });
    this.dropCaches();
  }

  /** The secrets, stored on first open (derived from the master key, as the embedded vault always did); whoever stores them first wins. */
  private async loadSecrets(): Promise<void> {
    await this.pool.query('INSERT INTO vault_settings (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING', [WRAPPING_KEY, this.ring.current.id]);
    const wrapping = this.ring.byId(await this.wrappingKeyIdOn(this.pool));
    for (const purpose of VAULT_SECRETS) {
      await this.pool.query('INSERT INTO vault_secrets (purpose, master_key_id, wrapped) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        purpose,
        wrapping.id,
        seal(wrapping.wrapKey, deriveKey(this.ring.current.master, purpose), secretAad(purpose)),
      ]);
    }
    const { rows } = await this.pool.query<{ purpose: VaultSecret; master_key_id: string; wrapped: Buffer }>(
      'SELECT purpose, master_key_id, wrapped FROM vault_secrets',
    );
    const secret = (purpose: VaultSecret) => {
      const row = rows.find((r) => r.purpose === purpose)!;
      return open(this.ring.byId(row.master_key_id).wrapKey, row.wrapped, secretAad(purpose));
    };
    this.indexKey = secret('blind-index');
    this.eventKey = secret('event-id');
  }

  eventIdKey(): Buffer {
    return this.eventKey;
  }

  private async wrappingKeyIdOn(client: Pick<Pool, 'query'>): Promise<string> {
    const { rows } = await client.query<{ value: string }>('SELECT value FROM vault_settings WHERE name = $1', [WRAPPING_KEY]);
    return rows[0].value;
  }

  async wrappingKeyId(): Promise<string> {
    return this.wrappingKeyIdOn(this.pool);
  }

  /** Exclusive on the lock every key maker shares: returns after those that began under the old setting committed. */
  async wrapWith(keyId: string): Promise<void> {
    this.ring.byId(keyId);
    await this.transaction(async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(${WRAPPING_LOCK})`);
      await client.query('UPDATE vault_settings SET value = $2 WHERE name = $1', [WRAPPING_KEY, keyId]);
    });
  }

  async rewrapBatch(keyId: string, limit: number, after: RewrapCursor | null): Promise<RewrapBatch> {
    const target = this.ring.byId(keyId);
    return this.transaction(async (client) => {
      let rewrapped = 0;
      if (!after) {
        const { rows } = await client.query<{ purpose: VaultSecret; master_key_id: string; wrapped: Buffer }>(
          'SELECT purpose, master_key_id, wrapped FROM vault_secrets WHERE master_key_id <> $1 FOR UPDATE',
          [keyId],
        );
        for (const row of rows) {
          const secret = open(this.ring.byId(row.master_key_id).wrapKey, row.wrapped, secretAad(row.purpose));
          await client.query('UPDATE vault_secrets SET wrapped = $1, master_key_id = $2 WHERE purpose = $3', [
            seal(target.wrapKey, secret, secretAad(row.purpose)),
            keyId,
            row.purpose,
          ]);
          rewrapped++;
        }
      }
      const { rows } = await client.query<KeyRow & { subject_id: string }>(
        `SELECT subject_id, key_group, wrapped, master_key_id FROM vault_subject_keys
         WHERE (subject_id, key_group) > ($1, $2) AND wrapped IS NOT NULL
         ORDER BY subject_id, key_group LIMIT $3 FOR UPDATE`,
        [after?.subjectId ?? '', after?.keyGroup ?? '', limit],
      );
      const todo = rows.filter((row) => row.master_key_id !== keyId);
      if (todo.length) {
        const boxes = todo.map((row) => {
          const aad = keyAad(row.subject_id, row.key_group);
          const key = open(this.ring.byId(row.master_key_id!).wrapKey, row.wrapped!, aad);
          const box = seal(target.wrapKey, key, aad);
          key.fill(0);
          return box;
        });
        const updated = await client.query(
          `UPDATE vault_subject_keys k SET wrapped = t.w, master_key_id = $1
           FROM unnest($2::text[], $3::text[], $4::bytea[], $5::text[]) AS t(s, g, w, old)
           WHERE k.subject_id = t.s AND k.key_group = t.g AND k.master_key_id = t.old`,
          [keyId, todo.map((r) => r.subject_id), todo.map((r) => r.key_group), boxes, todo.map((r) => r.master_key_id)],
        );
        rewrapped += updated.rowCount ?? 0;
      }
      const last = rows[rows.length - 1];
      return { rewrapped, next: rows.length < limit ? null : { subjectId: last.subject_id, keyGroup: last.key_group } };
    });
  }

  async wrappedBy(): Promise<Record<string, number>> {
    const { rows } = await this.pool.query<{ id: string; n: number }>(
      `SELECT master_key_id AS id, count(*)::int AS n FROM (
         SELECT master_key_id FROM vault_subject_keys WHERE wrapped IS NOT NULL UNION ALL SELECT master_key_id FROM vault_secrets
       ) AS k GROUP BY master_key_id`,
    );
    return Object.fromEntries(rows.map((r) => [r.id, r.n]));
  }

  async erasuresAppliedThrough(): Promise<LogPosition | null> {
    const { rows } = await this.pool.query<{ commit: string; prepare: string }>(
      'SELECT commit_position AS commit, prepare_position AS prepare FROM vault_marks WHERE name = $1',
      [ERASURE_MARK],
    );
    return rows[0] ? { commit: Number(rows[0].commit), prepare: Number(rows[0].prepare) } : null;
  }

  async markErasuresApplied(through: LogPosition): Promise<void> {
    await this.pool.query(
      `INSERT INTO vault_marks (name, commit_position, prepare_position) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET commit_position = excluded.commit_position, prepare_position = excluded.prepare_position`,
      [ERASURE_MARK, through.commit, through.prepare],
    );
  }

  async close(): Promise<void> {
    await this.notifications.stop();
    for (const keys of this.keys.values()) for (const key of keys.values()) key?.fill(0);
    this.dropCaches();
    if (this.options.endPoolOnClose) await this.pool.end();
  }
}
