import type Database from 'better-sqlite3';
import { fsync, openSync, closeSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { KeyGroup } from '@ledger/domain';
import { open, randomBytesPooled, seal } from './aead';
import { blindIndex } from './blind-index';
import { deriveKey } from './key-derivation';
import { MasterKeyRing } from './master-key-ring';
import { MasterKeyRotationStore, RewrapBatch, RewrapCursor, VAULT_SECRETS, VaultSecret, secretAad } from './rotation/master-key-rotation';
import { GroupKeys, KeyVault, PreparedSubject, SubjectKeyRequest, SubjectName, UnknownSubjectError } from './key-vault';
import { NormalizedRequest, keyAad, nameAad, withNormalName } from './vault-names';
import { GroupCommit, BoundedCache, LogPosition, openSqlite } from '@ledger/event-store';

const ERASURE_MARK = 'erasures-applied';
const WRAPPING_KEY = 'wrapping-key';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS subjects (
  subject_id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS subject_names (
  blind_index BLOB PRIMARY KEY,
  subject_id  TEXT NOT NULL,
  system      TEXT NOT NULL,
  external_id BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS subject_names_by_subject ON subject_names (subject_id);
CREATE TABLE IF NOT EXISTS subject_keys (
  subject_id  TEXT NOT NULL,
  key_group   TEXT NOT NULL,
  wrapped     BLOB,
  shredded_at TEXT,
  -- The master key that wraps it (added by upgrade() to vaults made before rotation existed).
  master_key_id TEXT,
  PRIMARY KEY (subject_id, key_group)
) WITHOUT ROWID;
-- Secrets derived from the first master key and kept wrapped here, so they outlive its rotation.
CREATE TABLE IF NOT EXISTS vault_secrets (
  purpose       TEXT PRIMARY KEY,
  master_key_id TEXT NOT NULL,
  wrapped       BLOB NOT NULL
) WITHOUT ROWID;
-- wrapping-key: the id of the master key new keys are wrapped with (a rotation moves it).
CREATE TABLE IF NOT EXISTS vault_settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
-- Where the vault stands against the log (the erasure pass's mark): in this file, so a restored
-- backup carries the mark it had then.
CREATE TABLE IF NOT EXISTS vault_marks (
  name             TEXT PRIMARY KEY,
  commit_position  INTEGER NOT NULL,
  prepare_position INTEGER NOT NULL
) WITHOUT ROWID;
`;

export interface SqliteKeyVaultOptions {
  file: string;
  /** The master key, or the ring of those the vault may meet (a rotation's old and new). */
  masterKey: Buffer | MasterKeyRing;
  now?: () => Date;
  /** Subjects whose unwrapped keys stay in memory. */
  cacheSize?: number;
  /**
   * 'each-commit' (default): prepare() resolves once its keys are on disk (synchronous=FULL, one
   * fsync per commit). 'on-sync': prepare() resolves once they are committed (synchronous=NORMAL,
   * no fsync) and sync() makes them durable. Only for a caller that calls sync() before anything
   * sealed with those keys is committed elsewhere: the embedded event store does, as a barrier
   * before each of its group commits, so new subjects' keys share the events' commit cycle.
   */
  durability?: 'each-commit' | 'on-sync';
}

interface KeyRow {
  key_group: KeyGroup;
  wrapped: Buffer | null;
  master_key_id: string | null;
}

/**
 * The embedded key vault: its own SQLite file, apart from the event store. secure_delete and a
 * truncating WAL checkpoint after each shred make destroyed keys leave the files, not only the
 * tables.
 */
export class SqliteKeyVault implements KeyVault, MasterKeyRotationStore {
  private readonly db: Database.Database;
  private readonly ring: MasterKeyRing;
  private readonly indexKey: Buffer;
  private readonly eventKey: Buffer;
  private readonly now: () => Date;
  private readonly keys: BoundedCache<string, Map<KeyGroup, Buffer | null>>;
  private readonly names: BoundedCache<string, string>;
  private readonly writer: GroupCommit<readonly NormalizedRequest[], PreparedSubject[]>;
  private readonly file: string;
  private readonly syncOnCommit: boolean;
  /** Vault commits so far, and how many of them the last finished fsync covers ('on-sync'). */
  private commits = 0;
  private durableCommits = 0;
  private syncing?: { covers: number; done: Promise<void> };
  private walFd?: number;
  private readonly stmt: Record<
    | 'subjectByName'
    | 'subjectExists'
    | 'keysOf'
    | 'insertSubject'
    | 'insertName'
    | 'insertKey'
    | 'shredKey'
    | 'forgetNames'
    | 'forgetName'
    | 'namesOf'
    | 'mark'
    | 'setMark'
    | 'setting'
    | 'rewrapPage'
    | 'rewrapKey'
    | 'wrappedBy',
    Database.Statement
  >;

  constructor(options: SqliteKeyVaultOptions) {
    this.file = options.file;
    this.syncOnCommit = (options.durability ?? 'each-commit') === 'each-commit';
    this.db = openSqlite(options.file, { cacheMiB: 16, synchronous: this.syncOnCommit ? 'FULL' : 'NORMAL' });
    this.db.pragma('secure_delete = ON');
    this.db.exec(SCHEMA);
    this.ring = options.masterKey instanceof MasterKeyRing ? options.masterKey : MasterKeyRing.of(options.masterKey);
    try {
      // IMMEDIATE: it reads, then writes; a deferred transaction would fail at once (SQLITE_BUSY) if a running ledger wrote in between.
      this.db.transaction(() => this.upgrade()).immediate();
      this.indexKey = this.secret('blind-index');
      this.eventKey = this.secret('event-id');
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.now = options.now ?? (() => new Date());
    this.keys = new BoundedCache(options.cacheSize ?? 100_000);
    this.names = new BoundedCache(options.cacheSize ?? 100_000);
    this.stmt = {
      subjectByName: this.db.prepare('SELECT subject_id FROM subject_names WHERE blind_index = ?'),
      subjectExists: this.db.prepare('SELECT 1 FROM subjects WHERE subject_id = ?'),
      keysOf: this.db.prepare('SELECT key_group, wrapped, master_key_id FROM subject_keys WHERE subject_id = ?'),
      insertSubject: this.db.prepare('INSERT INTO subjects (subject_id, created_at) VALUES (?, ?)'),
      insertName: this.db.prepare('INSERT INTO subject_names (blind_index, subject_id, system, external_id) VALUES (?, ?, ?, ?)'),
      namesOf: this.db.prepare('SELECT system, external_id FROM subject_names WHERE subject_id = ? ORDER BY system'),
      insertKey: this.db.prepare('INSERT INTO subject_keys (subject_id, key_group, wrapped, master_key_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      shredKey: this.db.prepare(
        `INSERT INTO subject_keys (subject_id, key_group, wrapped, shredded_at) VALUES (?, ?, NULL, ?)
         ON CONFLICT (subject_id, key_group) DO UPDATE SET wrapped = NULL, master_key_id = NULL, shredded_at = excluded.shredded_at`,
      ),
      forgetNames: this.db.prepare('DELETE FROM subject_names WHERE subject_id = ?'),
      forgetName: this.db.prepare('DELETE FROM subject_names WHERE blind_index = ?'),
      mark: this.db.prepare('SELECT commit_position AS "commit", prepare_position AS prepare FROM vault_marks WHERE name = ?'),
      setting: this.db.prepare('SELECT value FROM vault_settings WHERE name = ?').pluck(),
      rewrapPage: this.db.prepare(
        `SELECT subject_id, key_group, wrapped, master_key_id FROM subject_keys
         WHERE (subject_id, key_group) > (?, ?) AND wrapped IS NOT NULL
         ORDER BY subject_id, key_group LIMIT ?`,
      ),
      rewrapKey: this.db.prepare('UPDATE subject_keys SET wrapped = ?, master_key_id = ? WHERE subject_id = ? AND key_group = ? AND master_key_id = ?'),
      wrappedBy: this.db.prepare(
        `SELECT master_key_id AS id, count(*) AS n FROM (
           SELECT master_key_id FROM subject_keys WHERE wrapped IS NOT NULL UNION ALL SELECT master_key_id FROM vault_secrets
         ) GROUP BY master_key_id`,
      ),
      setMark: this.db.prepare(
        `INSERT INTO vault_marks (name, commit_position, prepare_position) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET commit_position = excluded.commit_position, prepare_position = excluded.prepare_position`,
      ),
    };
    this.writer = new GroupCommit(this.db, (requests: readonly NormalizedRequest[]) => this.prepareAll(requests), {
      // The caches may hold subjects and keys of a transaction that did not commit.
      afterRollback: () => {
        this.keys.clear();
        this.names.clear();
      },
      afterCommit: () => {
        this.commits += 1;
      },
    });
  }

  /**
   * Makes every vault commit so far durable: an fsync of the WAL file, on libuv's thread pool so
   * the event loop goes on serving. Undefined when nothing is waiting for one (the usual case
   * once subjects are known: no new keys, no fsync). With 'each-commit' there is never anything
   * to do. Concurrent callers share an fsync that started after their commits.
   *
   * The WAL is fsynced through a descriptor of our own: fsync flushes the file, whichever
   * descriptor asks. SQLite keeps the same WAL file while this connection is open (it restarts
   * writing at its beginning after a checkpoint, and truncates it in place in shred).
   */
  sync(): Promise<void> | undefined {
    if (this.syncOnCommit || this.durableCommits >= this.commits) return undefined;
    if (this.syncing && this.syncing.covers >= this.commits) return this.syncing.done;
    const covers = this.commits;
    const previous = this.syncing?.done.catch(() => undefined);
    this.walFd ??= openSync(`${this.file}-wal`, 'r+');
    const fd = this.walFd;
    const done = Promise.resolve(previous)
      .then(() => new Promise<void>((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve()))))
      .then(() => {
        this.durableCommits = Math.max(this.durableCommits, covers);
      });
    this.syncing = { covers, done };
    return done;
  }

  /** One caller's requests, all or none: if one fails, its savepoint rolls back and the caches forget what it touched. */
  private prepareAll(requests: readonly NormalizedRequest[]): PreparedSubject[] {
    const touched: string[] = [];
    try {
      return requests.map((r) => this.prepareOne(r, touched));
    } catch (error) {
      for (const subjectId of touched) this.keys.delete(subjectId);
      for (const r of requests) if (r.name) this.names.delete(this.nameKey(r.name));
      throw error;
    }
  }

  async prepare(given: readonly SubjectKeyRequest[]): Promise<PreparedSubject[]> {
    const requests = given.map(withNormalName);
    const prepared = requests.map((r) => this.fromCache(r));
    const missing = requests.filter((_, i) => prepared[i] === undefined);
    if (missing.length === 0) return prepared as PreparedSubject[];
    const written = await this.writer.submit(missing);
    let next = 0;
    return prepared.map((p) => p ?? written[next++]);
  }

  /** Served from memory when the subject and every key asked for are known already. */
  private fromCache(request: SubjectKeyRequest): PreparedSubject | undefined {
    const subjectId = request.subjectId ?? (request.name && this.names.get(this.nameKey(request.name)));
    if (!subjectId) return undefined;
    const keys = this.keys.get(subjectId);
    if (!keys || !request.groups.every((g) => keys.has(g))) return undefined;
    return { subjectId, created: false, keys };
  }

  private prepareOne(request: NormalizedRequest, touched: string[]): PreparedSubject {
    const name = request.name;
    let subjectId = request.subjectId;
    if (subjectId) {
      if (!this.stmt.subjectExists.get(subjectId)) throw new UnknownSubjectError(subjectId);
      touched.push(subjectId);
      return { subjectId, created: false, keys: this.ensureKeys(subjectId, request.groups) };
    }
    const index = blindIndex(this.indexKey, name!.system, name!.externalId);
    subjectId = this.subjectAt(index) ?? (request.givenName && this.adoptGivenName(request.givenName, name!, index));
    let created = false;
    if (!subjectId) {
      // Time-ordered ids keep the vault's and the event store's indexes appending, not scattering.
      subjectId = uuidv7();
      touched.push(subjectId);
      created = true;
      this.stmt.insertSubject.run(subjectId, this.now().toISOString());
      // The name itself is sealed with the subject's identity key: it dies with that key.
      const identity = this.ensureKeys(subjectId, ['identity']).get('identity')!;
      this.stmt.insertName.run(index, subjectId, name!.system, seal(identity, Buffer.from(name!.externalId), nameAad(subjectId, name!.system)));
    }
    touched.push(subjectId);
    this.names.set(this.nameKey(name!), subjectId);
    return { subjectId, created, keys: this.ensureKeys(subjectId, request.groups) };
  }

  private subjectAt(index: Buffer): string | undefined {
    return (this.stmt.subjectByName.get(index) as { subject_id: string } | undefined)?.subject_id;
  }

  /**
   * A name recorded before names were normalised, in the form it was given then ('Ｃ－２００１'):
   * its subject takes the normal form's index from now on, so every spelling finds it. Only
   * when no subject holds the normal form yet; two subjects recorded under two spellings stay
   * two (the older one is found by its subjectId).
   */
  private adoptGivenName(given: SubjectName, name: SubjectName, index: Buffer): string | undefined {
    const legacyIndex = blindIndex(this.indexKey, given.system, given.externalId);
    const subjectId = this.subjectAt(legacyIndex);
    const identity = subjectId && this.loadKeys(subjectId).get('identity');
    if (!subjectId || !identity) return undefined;
    this.stmt.forgetName.run(legacyIndex);
    this.stmt.insertName.run(index, subjectId, name.system, seal(identity, Buffer.from(name.externalId), nameAad(subjectId, name.system)));
    return subjectId;
  }

  private ensureKeys(subjectId: string, groups: readonly KeyGroup[]): Map<KeyGroup, Buffer | null> {
    const keys = this.loadKeys(subjectId);
    const missing = groups.filter((group) => !keys.has(group));
    if (missing.length === 0) return keys;
    // Read in the write transaction: a rotation that moved it committed before, or waits.
    const wrapping = this.ring.byId(this.wrappingKeyIdNow());
    for (const group of missing) {
      const key = randomBytesPooled(32);
      this.stmt.insertKey.run(subjectId, group, seal(wrapping.wrapKey, key, keyAad(subjectId, group)), wrapping.id);
      keys.set(group, key);
    }
    return keys;
  }

  async namesOf(subjectId: string): Promise<SubjectName[]> {
    const identity = this.loadKeys(subjectId).get('identity');
    if (!identity) return [];
    return (this.stmt.namesOf.all(subjectId) as { system: string; external_id: Buffer }[]).map((row) => ({
      system: row.system,
      externalId: open(identity, row.external_id, nameAad(subjectId, row.system)).toString(),
    }));
  }

  private loadKeys(subjectId: string): Map<KeyGroup, Buffer | null> {
    const cached = this.keys.get(subjectId);
    if (cached) return cached;
    const keys = new Map<KeyGroup, Buffer | null>();
    for (const row of this.stmt.keysOf.all(subjectId) as KeyRow[]) {
      keys.set(row.key_group, row.wrapped ? open(this.ring.byId(row.master_key_id!).wrapKey, row.wrapped, keyAad(subjectId, row.key_group)) : null);
    }
    this.keys.set(subjectId, keys);
    return keys;
  }

  /** The in-memory cache is keyed by the name itself: memory is not a file, and an HMAC per fact is not free. */
  private nameKey(name: SubjectName): string {
    return `${name.system}\u0000${name.externalId}`;
  }

  /** By the name's normal form, which every spelling of it shares; or by a name recorded before that form existed, as it was given. */
  async findSubject(given: SubjectName): Promise<string | undefined> {
    const { name, givenName } = withNormalName({ name: given, groups: [] });
    const found = this.subjectAt(blindIndex(this.indexKey, name!.system, name!.externalId));
    return found ?? (givenName && this.subjectAt(blindIndex(this.indexKey, givenName.system, givenName.externalId)));
  }

  async subjectExists(subjectId: string): Promise<boolean> {
    return this.stmt.subjectExists.get(subjectId) !== undefined;
  }

  async keysForReading(subjectId: string): Promise<GroupKeys> {
    return this.loadKeys(subjectId);
  }

  async shred(subjectId: string, groups: readonly KeyGroup[]): Promise<void> {
    const at = this.now().toISOString();
    this.db.transaction(() => {
      for (const group of groups) this.stmt.shredKey.run(subjectId, group, at);
      if (groups.includes('identity')) this.stmt.forgetNames.run(subjectId);
    })();
    const cached = this.keys.get(subjectId);
    for (const group of groups) {
      cached?.get(group)?.fill(0);
      cached?.set(group, null);
    }
    if (groups.includes('identity')) this.names.deleteWhere((id) => id === subjectId);
    this.scrubWal();
  }

  /**
   * What older vaults lack: the column naming each key's master key (theirs is the one they are
   * opened with), the wrapping key setting, and the secrets, derived from that master key as
   * they always were, so blind indexes and event ids stay what they were.
   */
  private upgrade(): void {
    const columns = (this.db.prepare('PRAGMA table_info(subject_keys)').all() as { name: string }[]).map((c) => c.name);
    if (!columns.includes('master_key_id')) {
      this.db.exec('ALTER TABLE subject_keys ADD COLUMN master_key_id TEXT');
      this.db.prepare('UPDATE subject_keys SET master_key_id = ? WHERE wrapped IS NOT NULL').run(this.ring.current.id);
    }
    this.db.prepare('INSERT INTO vault_settings (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING').run(WRAPPING_KEY, this.ring.current.id);
    const wrapping = this.ring.byId(this.wrappingKeyIdNow());
    for (const purpose of VAULT_SECRETS) {
      this.db
        .prepare('INSERT INTO vault_secrets (purpose, master_key_id, wrapped) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
        .run(purpose, wrapping.id, seal(wrapping.wrapKey, deriveKey(this.ring.current.master, purpose), secretAad(purpose)));
    }
  }

  private secret(purpose: VaultSecret): Buffer {
    const row = this.db.prepare('SELECT master_key_id, wrapped FROM vault_secrets WHERE purpose = ?').get(purpose) as {
      master_key_id: string;
      wrapped: Buffer;
    };
    return open(this.ring.byId(row.master_key_id).wrapKey, row.wrapped, secretAad(purpose));
  }

  eventIdKey(): Buffer {
    return this.eventKey;
  }

  private wrappingKeyIdNow(): string {
    return this.stmt
      ? (this.stmt.setting.get(WRAPPING_KEY) as string)
      : (this.db.prepare('SELECT value FROM vault_settings WHERE name = ?').pluck().get(WRAPPING_KEY) as string);
  }

  async wrappingKeyId(): Promise<string> {
    return this.wrappingKeyIdNow();
  }

  /** One write transaction: the embedded store has one writer at a time, so every key made before it is committed. */
  async wrapWith(keyId: string): Promise<void> {
    this.ring.byId(keyId);
    this.db.prepare('UPDATE vault_settings SET value = ? WHERE name = ?').run(keyId, WRAPPING_KEY);
  }

  async rewrapBatch(keyId: string, limit: number, after: RewrapCursor | null): Promise<RewrapBatch> {
    const target = this.ring.byId(keyId);
    const batch = this.db
      .transaction((): RewrapBatch => {
        let rewrapped = 0;
        if (!after) {
          for (const row of this.db.prepare('SELECT purpose, master_key_id, wrapped FROM vault_secrets WHERE master_key_id <> ?').all(keyId) as {
            purpose: VaultSecret;
            master_key_id: string;
            wrapped: Buffer;
          }[]) {
            const secret = open(this.ring.byId(row.master_key_id).wrapKey, row.wrapped, secretAad(row.purpose));
            this.db
              .prepare('UPDATE vault_secrets SET wrapped = ?, master_key_id = ? WHERE purpose = ?')
              .run(seal(target.wrapKey, secret, secretAad(row.purpose)), keyId, row.purpose);
            rewrapped++;
          }
        }
        const rows = this.stmt.rewrapPage.all(after?.subjectId ?? '', after?.keyGroup ?? '', limit) as (KeyRow & { subject_id: string })[];
        for (const row of rows) {
          if (row.master_key_id === keyId) continue;
          const aad = keyAad(row.subject_id, row.key_group);
          const key = open(this.ring.byId(row.master_key_id!).wrapKey, row.wrapped!, aad);
          rewrapped += this.stmt.rewrapKey.run(seal(target.wrapKey, key, aad), keyId, row.subject_id, row.key_group, row.master_key_id).changes;
          key.fill(0);
        }
        const last = rows[rows.length - 1];
        return { rewrapped, next: rows.length < limit ? null : { subjectId: last.subject_id, keyGroup: last.key_group } };
      })
      .immediate();
    // Keys wrapped by the old master key leave the WAL too (best effort: a busy reader leaves it to the next checkpoint).
    if (!batch.next) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return batch;
  }

  async wrappedBy(): Promise<Record<string, number>> {
    return Object.fromEntries((this.stmt.wrappedBy.all() as { id: string; n: number }[]).map((r) => [r.id, r.n]));
  }

  async erasuresAppliedThrough(): Promise<LogPosition | null> {
    return (this.stmt.mark.get(ERASURE_MARK) as LogPosition | undefined) ?? null;
  }

  async markErasuresApplied(through: LogPosition): Promise<void> {
    this.stmt.setMark.run(ERASURE_MARK, through.commit, through.prepare);
  }

  /** Old WAL frames still hold the pages as they were before the shred: checkpoint and truncate them away. */
  private scrubWal(): void {
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (result.busy) throw new Error('key vault WAL could not be truncated after shredding; retry');
  }

  async close(): Promise<void> {
    if (this.writer.pending) this.writer.flush();
    await this.writer.drained();
    await this.sync();
    // Closing twice (a shutdown hook after an explicit close) must not close a descriptor number the process reused since.
    const fd = this.walFd;
    this.walFd = undefined;
    if (fd !== undefined) closeSync(fd);
    for (const keys of this.keys.values()) for (const key of keys.values()) key?.fill(0);
    this.db.close();
  }
}
