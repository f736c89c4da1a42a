import type Database from 'better-sqlite3';
import { LogPosition, comparePositions } from '@ledger/event-store';
import { CompactRange } from '../merkle/compact-range';
import type { NodeSource } from '../merkle/node-source';
import { consistencyProof, inclusionProof, rootHash } from '../merkle/proofs';
import { storedHashCount, storedHashIndex } from '../merkle/stored-hash-index';
import type { NodeId } from '../merkle/tree-math';
import type { EventLookup } from './event-lookup';
import { logLeafHash } from './log-leaf';
import { LogLeaf, LogTreeMismatchError, LogTreeReader, LogTreeWriter } from './log-tree';
import { createLogTreeTables, sizeOfStoredHashes } from './sqlite-log-tree-schema';

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
      count: db.prepare('SELECT COALESCE(max(id) + 1, 0) AS n FROM log_tree_hashes').pluck(),
      hash: db.prepare('SELECT hash FROM log_tree_hashes WHERE id = ?').pluck(),
      leaf: db.prepare('SELECT hash, commit_position AS "commit", prepare_position AS prepare FROM log_tree_hashes WHERE id = ?'),
      byId: db.prepare('SELECT leaf_index AS leafIndex, event_hash AS eventHash FROM log_tree_event_ids WHERE event_id = ?'),
    };
  }

  size(): number {
    return sizeOfStoredHashes(this.stmt.count.get() as number);
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
    const row = this.stmt.leaf.get(storedHashIndex(0, index)) as { hash: Buffer; commit: number; prepare: number } | undefined;
    if (!row) throw new RangeError(`the log tree has no leaf ${index}`);
    return { hash: row.hash, position: { commit: row.commit, prepare: row.prepare } };
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
      const hash = this.stmt.hash.get(storedHashIndex(level, index)) as Buffer | undefined;
      if (!hash) throw new RangeError(`the log tree holds no subtree at level ${level}, index ${index}`);
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
 * amortised (about two rows per event, both appended at the end of one table). Keeps the
 * tree's right border in memory; call it inside the transaction that also moves the
 * follower's checkpoint.
 */
export class SqliteLogTreeWriter implements LogTreeWriter {
  private readonly reader: SqliteLogTreeReader;
  private readonly insertLeaf: Database.Statement;
  private readonly insertNode: Database.Statement;
  private readonly insertId?: Database.Statement;
  private range!: CompactRange;

  constructor(db: Database.Database, options: SqliteLogTreeWriterOptions = {}) {
    createLogTreeTables(db);
    this.reader = new SqliteLogTreeReader(db);
    this.insertLeaf = db.prepare('INSERT INTO log_tree_hashes (id, hash, commit_position, prepare_position) VALUES (?, ?, ?, ?)');
    this.insertNode = db.prepare('INSERT INTO log_tree_hashes (id, hash) VALUES (?, ?)');
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
    let next = storedHashCount(this.range.size);
    let position: LogPosition;
    const store = (level: number, _index: number, hash: Buffer) => {
      if (level === 0) this.insertLeaf.run(next++, hash, position.commit, position.prepare);
      else this.insertNode.run(next++, hash);
    };
    for (const event of events) {
      position = event.position;
      this.insertId?.run(event.id, this.range.size, Buffer.from(event.hash, 'hex'));
      this.range.append(logLeafHash(event.id, event.hash), store);
    }
  }

  root(): Buffer {
    return this.range.root();
  }
}
