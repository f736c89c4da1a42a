import { FactIdConflictError, FactRejection, LedgerError } from '../errors';
import type { LedgerFact } from '../fact';
import type { FactQueue, NewFact, QueuedFact } from './fact-queue';

/** The queue of a client without an outbox: gone with the process. */
export class MemoryQueue implements FactQueue {
  readonly durable = false;
  private items: QueuedFact[] = [];
  private head = 0;
  private readonly waiting = new Map<string, QueuedFact>();
  private readonly refused = new Map<string, FactRejection>();
  private seq = 0;

  async add(facts: readonly NewFact[]): Promise<void> {
    const fresh = new Map<string, NewFact>();
    for (const fact of facts) {
      const known = this.waiting.get(fact.id) ?? fresh.get(fact.id);
      if (known && known.body !== fact.body) throw new FactIdConflictError(fact.id);
      if (!known) fresh.set(fact.id, fact);
    }
    const now = Date.now();
    for (const { id, body } of fresh.values()) {
      const queued = { seq: ++this.seq, id, body, bytes: Buffer.byteLength(body), queuedAt: now };
      this.items.push(queued);
      this.waiting.set(id, queued);
    }
  }

  size(): number {
    return this.items.length - this.head;
  }

  oldest(): QueuedFact | undefined {
    return this.items[this.head];
  }

  lastSeq(): number {
    return this.seq;
  }

  take(maxCount: number, maxBytes: number): QueuedFact[] {
    const batch: QueuedFact[] = [];
    let bytes = 0;
    for (let i = this.head; i < this.items.length && batch.length < maxCount; i++) {
      const fact = this.items[i];
      if (batch.length > 0 && bytes + fact.bytes > maxBytes) break;
      batch.push(fact);
      bytes += fact.bytes;
    }
    return batch;
  }

  remove(facts: readonly QueuedFact[]): void {
    const gone = new Set<number>();
    for (const fact of facts) {
      if (this.waiting.get(fact.id) === fact) {
        this.waiting.delete(fact.id);
        gone.add(fact.seq);
      }
    }
    // The sender removes from the front; anything else is rare enough to filter.
    while (this.head < this.items.length && gone.has(this.items[this.head].seq)) gone.delete(this.items[this.head++].seq);
    if (gone.size) {
      this.items = this.items.slice(this.head).filter((f) => !gone.has(f.seq));
      this.head = 0;
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  reject(rejections: readonly { fact: QueuedFact; error: LedgerError }[]): FactRejection[] {
    const kept = rejections.map(({ fact, error }) => ({
      id: fact.id,
      fact: JSON.parse(fact.body) as LedgerFact,
      error,
      rejectedAt: new Date().toISOString(),
    }));
    this.remove(rejections.map((r) => r.fact));
    for (const rejection of kept) this.refused.set(rejection.id, rejection);
    return kept;
  }

  rejected(): FactRejection[] {
    return [...this.refused.values()];
  }

  clearRejected(ids?: readonly string[]): number {
    const names = ids ?? [...this.refused.keys()];
    return names.filter((id) => this.refused.delete(id)).length;
  }

  async requeueRejected(ids?: readonly string[]): Promise<number> {
    const chosen = (ids ?? [...this.refused.keys()]).flatMap((id) => this.refused.get(id) ?? []);
    await this.add(chosen.map((r) => ({ id: r.id, body: JSON.stringify(r.fact) })));
    for (const r of chosen) this.refused.delete(r.id);
    return chosen.length;
  }

  close(): void {
    this.items = [];
    this.head = 0;
    this.waiting.clear();
  }
}
