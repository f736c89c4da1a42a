import type Database from 'better-sqlite3';
import { LogPosition, comparePositions } from '@ledger/event-store';
import { CompactRange } from '../merkle/compact-range';
import type { NodeSource } from '../merkle/node-source';
import { consistencyProof, inclusionProof, rootHash } from '../merkle/proofs';
import type { NodeId } from '../merkle/tree-math';
import type { EventLookup } from './event-lookup';
import { logLeafHash } from './log-leaf';
import { LogLeaf, LogTreeMismatchError, LogTreeReader, LogTreeWriter } from './log-tree';
import { HASH_SIZE } from '../merkle/hashes';
import { completingLeaf, createLogTreeTables } from './sqlite-log-tree-schema';

/** An event as the tree takes it: RecordedEvent fits. */
export interface LoggedEvent {
  readonly id: string;
  readonly hash: string;
  readonly position: LogPosition;
}

/**
 * Reads the log tree's tables (made by the writer): sizes, roots and proofs from the stored
 * subtree hashes, and an event's leaf by id — through `lookup` (the event store's own id index)
 * when given, else through the tree's id index. Needs no write access.
 */
export class SqliteLogTreeReader implements LogTreeReader, NodeSource {
  private readonly stmt: Record<'count' | 'hash' | 'leaf' | 'byId', Database.Statement>;

  constructor(
    db: Database.Database,
    private readonly lookup?: EventLookup,
  ) {
    this.stmt = {
      count: db.prepare('SELECT COALESCE(max(leaf_index) + 1, 0) FROM log_tree_leaves').pluck(),
      hash: db.prepare('SELECT hashes FROM log_tree_leaves WHERE leaf_index = ?').pluck(),
      leaf: db.prepare('SELECT hashes, commit_position AS "commit", prepare_position AS prepare FROM log_tree_leaves WHERE leaf_index = ?'),
      byId: db.prepare('SELECT leaf_index AS leafIndex, event_hash AS eventHash FROM log_tree_event_ids WHERE event_id = ?'),
    };
  }

  size(): number {
    return this.stmt.count.get() as number;
  }

  leafOf(eventId: string): LogLeaf | undefined {
    const size = this.size();
    const found = this.lookup ? this.viaLookup(eventId, size) : this.viaIndex(eventId);
    if (!found || found.leafIndex >= size) return undefined;
    const leafHash = this.leafAt(found.leafIndex).hash;
    if (!leafHash.equals(logLeafHash(eventId, found.eventHash))) throw new LogTreeMismatchError(found.leafIndex, eventId);
    return { eventId, leafIndex: found.leafIndex, eventHash: found.eventHash, leafHash };
  }

  /** Leaf `index`'s hash and where its event is in the log. */
  leafAt(index: number): { hash: Buffer; position: LogPosition } {
    const row = this.stmt.leaf.get(index) as { hashes: Buffer; commit: number; prepare: number } | undefined;
    if (!row) throw new RangeError(`the log tree has no leaf ${index}`);
    return { hash: row.hashes.subarray(0, HASH_SIZE), position: { commit: row.commit, prepare: row.prepare } };
  }

  /**
   * The leaf whose event is at `position`. Leaves are in log order, so a binary search finds it;
   * on a store whose positions count from 1 without gaps (the embedded one) the first guess does.
   */
  leafIndexAt(position: LogPosition, size = this.size()): number | undefined {
    let lo = 0;
    let hi = size - 1;
    let mid = Math.min(hi, Math.max(0, position.commit - 1));
    while (lo <= hi) {
      const order = comparePositions(this.leafAt(mid).position, position);
      if (order === 0) return mid;
      if (order < 0) lo = mid + 1;
      else hi = mid - 1;
      mid = Math.floor((lo + hi) / 2);
    }
    return undefined;
  }

  root(size: number): Buffer {
    return rootHash(size, this);
  }

  inclusionProof(leafIndex: number, size: number): Buffer[] {
    return inclusionProof(leafIndex, size, this);
  }

  consistencyProof(size1: number, size2: number): Buffer[] {
    return consistencyProof(size1, size2, this);
  }

  nodes(ids: readonly NodeId[]): Buffer[] {
    return ids.map(({ level, index }) => {
      const hashes = this.stmt.hash.get(completingLeaf(level, index)) as Buffer | undefined;
      const hash = hashes?.subarray(level * HASH_SIZE, (level + 1) * HASH_SIZE);
      if (!hash || hash.length !== HASH_SIZE) throw new RangeError(`the log tree holds no subtree at level ${level}, index ${index}`);
      return hash;
    });
  }

  private viaLookup(eventId: string, size: number): { leafIndex: number; eventHash: string } | undefined {
    const event = this.lookup!(eventId);
    if (!event) return undefined;
    const leafIndex = this.leafIndexAt(event.position, size);
    return leafIndex === undefined ? undefined : { leafIndex, eventHash: event.hash };
  }

  private viaIndex(eventId: string): { leafIndex: number; eventHash: string } | undefined {
    const row = this.stmt.byId.get(eventId) as { leafIndex: number; eventHash: Buffer } | undefined;
    return row && { leafIndex: row.leafIndex, eventHash: row.eventHash.toString('hex') };
  }
}

export interface SqliteLogTreeWriterOptions {
  /** Keep an index of event ids to leaves: for stores that cannot find an event by id (EventStoreDB). */
  indexEventIds?: boolean;
}

/**
 * Appends events to the log tree: each event's leaf and the subtrees it completes, O(log n)
 * amortised (one node hash and one row per event on average, the row appended at the end of
 * the table). Keeps the tree's right border in memory; call it inside the transaction that
 * also moves the follower's checkpoint.
 */
export class SqliteLogTreeWriter implements LogTreeWriter {
  private readonly reader: SqliteLogTreeReader;
  private readonly insertLeaf: Database.Statement;
  private readonly insertId?: Database.Statement;
  private range!: CompactRange;

  constructor(db: Database.Database, options: SqliteLogTreeWriterOptions = {}) {
    createLogTreeTables(db);
    this.reader = new SqliteLogTreeReader(db);
    this.insertLeaf = db.prepare('INSERT INTO log_tree_leaves (leaf_index, hashes, commit_position, prepare_position) VALUES (?, ?, ?, ?)');
    if (options.indexEventIds) this.insertId = db.prepare('INSERT INTO log_tree_event_ids (event_id, leaf_index, event_hash) VALUES (?, ?, ?)');
    this.reload();
  }

  get size(): number {
    return this.range.size;
  }

  reload(): void {
    const size = this.reader.size();
    this.range = new CompactRange(size, this.reader.nodes(CompactRange.borderOf(size)));
  }

  append(events: readonly LoggedEvent[]): void {
    const completed: Buffer[] = [];
    const keep = (_level: number, _index: number, hash: Buffer) => completed.push(hash);
    for (const event of events) {
      const index = this.range.size;
      this.insertId?.run(event.id, index, Buffer.from(event.hash, 'hex'));
      completed.length = 0;
      this.range.append(logLeafHash(event.id, event.hash), keep);
      this.insertLeaf.run(index, completed.length === 1 ? completed[0] : Buffer.concat(completed), event.position.commit, event.position.prepare);
    }
  }

  root(): Buffer {
    return this.range.root();
  }
}
