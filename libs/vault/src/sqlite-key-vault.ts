import type Database from 'better-sqlite3';
import { fsync, openSync, closeSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { KeyGroup, normalSubjectName } from '@ledger/domain';
import { open, randomBytesPooled, seal } from './aead';
import { blindIndex } from './blind-index';
import { deriveKey } from './key-derivation';
import {
  GroupKeys,
  KeyVault,
  PreparedSubject,
  SubjectKeyRequest,
  SubjectName,
  UnknownSubjectError,
} from './key-vault';
import { GroupCommit, BoundedCache, openSqlite } from '@ledger/event-store';

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
  PRIMARY KEY (subject_id, key_group)
) WITHOUT ROWID;
`;

export interface SqliteKeyVaultOptions {
  file: string;
  masterKey: Buffer;
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

const nameAad = (subjectId: string, system: string) => `${subjectId}/name/${system}`;

/** A request whose name is in its normal form; `givenName` is the name as given, when that differs. */
type NormalizedRequest = SubjectKeyRequest & { givenName?: SubjectName };

/**
 * Every name is indexed, sealed and cached in its normal form (normalSubjectName: NFKC, one
 * dash, no invisible characters), so ingestion, lookups and erasure agree on which subject a
 * spelling names. Refused forms throw InvalidSubjectNameError: the API refuses them first.
 */
function withNormalName(request: SubjectKeyRequest): NormalizedRequest {
  if (!request.name) return request;
  const name = normalSubjectName(request.name);
  const same = name.system === request.name.system && name.externalId === request.name.externalId;
  return same ? request : { ...request, name, givenName: request.name };
}

interface KeyRow {
  key_group: KeyGroup;
  wrapped: Buffer | null;
}

/**
 * The embedded key vault: its own SQLite file, apart from the event store. secure_delete and a
 * truncating WAL checkpoint after each shred make destroyed keys leave the files, not only the
 * tables.
 */
export class SqliteKeyVault implements KeyVault {
  private readonly db: Database.Database;
  private readonly wrapKey: Buffer;
  private readonly indexKey: Buffer;
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
    | 'namesOf',
    Database.Statement
  >;

  constructor(options: SqliteKeyVaultOptions) {
    this.file = options.file;
    this.syncOnCommit = (options.durability ?? 'each-commit') === 'each-commit';
    this.db = openSqlite(options.file, { cacheMiB: 16, synchronous: this.syncOnCommit ? 'FULL' : 'NORMAL' });
    this.db.pragma('secure_delete = ON');
    this.db.exec(SCHEMA);
    this.wrapKey = deriveKey(options.masterKey, 'wrap');
    this.indexKey = deriveKey(options.masterKey, 'blind-index');
    this.now = options.now ?? (() => new Date());
    this.keys = new BoundedCache(options.cacheSize ?? 100_000);
    this.names = new BoundedCache(options.cacheSize ?? 100_000);
    this.stmt = {
      subjectByName: this.db.prepare('SELECT subject_id FROM subject_names WHERE blind_index = ?'),
      subjectExists: this.db.prepare('SELECT 1 FROM subjects WHERE subject_id = ?'),
      keysOf: this.db.prepare('SELECT key_group, wrapped FROM subject_keys WHERE subject_id = ?'),
      insertSubject: this.db.prepare('INSERT INTO subjects (subject_id, created_at) VALUES (?, ?)'),
      insertName: this.db.prepare('INSERT INTO subject_names (blind_index, subject_id, system, external_id) VALUES (?, ?, ?, ?)'),
      namesOf: this.db.prepare('SELECT system, external_id FROM subject_names WHERE subject_id = ? ORDER BY system'),
      insertKey: this.db.prepare(
        'INSERT INTO subject_keys (subject_id, key_group, wrapped) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      shredKey: this.db.prepare(
        `INSERT INTO subject_keys (subject_id, key_group, wrapped, shredded_at) VALUES (?, ?, NULL, ?)
         ON CONFLICT (subject_id, key_group) DO UPDATE SET wrapped = NULL, shredded_at = excluded.shredded_at`,
      ),
      forgetNames: this.db.prepare('DELETE FROM subject_names WHERE subject_id = ?'),
      forgetName: this.db.prepare('DELETE FROM subject_names WHERE blind_index = ?'),
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
    for (const group of groups) {
      if (keys.has(group)) continue;
      const key = randomBytesPooled(32);
      this.stmt.insertKey.run(subjectId, group, seal(this.wrapKey, key, `${subjectId}/${group}`));
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
      keys.set(row.key_group, row.wrapped ? open(this.wrapKey, row.wrapped, `${subjectId}/${row.key_group}`) : null);
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

  /** Old WAL frames still hold the pages as they were before the shred: checkpoint and truncate them away. */
  private scrubWal(): void {
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (result.busy) throw new Error('key vault WAL could not be truncated after shredding; retry');
  }

  async close(): Promise<void> {
    if (this.writer.pending) this.writer.flush();
    await this.writer.drained();
    await this.sync();
    if (this.walFd !== undefined) closeSync(this.walFd);
    for (const keys of this.keys.values()) for (const key of keys.values()) key?.fill(0);
    this.db.close();
  }
}
