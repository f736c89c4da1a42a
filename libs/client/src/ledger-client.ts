import { LedgerClientOptions, ResolvedOptions, resolveOptions } from './client-options';
import { CLIENT_VERSION } from './client-version';
import { FactRejection, LedgerBackpressureError, LedgerClientClosedError, LedgerFlushTimeoutError, LedgerUnavailableError, UnsentFactsError } from './errors';
import { AnyFactInput, buildFact, FactInput, LedgerFact, SubjectReference } from './fact';
import type { FactReceipt } from './fact-receipt';
import { FactSender } from './fact-sender';
import { CatalogMethods, EventType } from './generated/catalog';
import { LedgerTransport } from './ledger-transport';
import type { FactQueue, QueuedFact } from './queue/fact-queue';
import { MemoryQueue } from './queue/memory-queue';
import { SqliteOutbox } from './queue/sqlite-outbox';
import { subject } from './subject';

/** What `record()` answers: the fact's id, once the client holds the fact (on disk, with an outbox). */
export interface RecordedFact {
  id: string;
}

export interface LedgerClientStatus {
  /** Facts waiting to be sent (in the outbox, when there is one). */
  pending: number;
  /** Facts this client took from `record()`, since it started. */
  recorded: number;
  /** Facts the ledger acknowledged, of which `duplicates` it had already (retries). */
  acknowledged: number;
  duplicates: number;
  /** Facts the ledger refused, since it started. */
  rejected: number;
  /** Retries of batches the ledger could not take. */
  retries: number;
  /** Why the ledger is unavailable, while it is. */
  lastFailure?: string;
  closed: boolean;
}

interface Deferred<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

interface RoomWaiter {
  n: number;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Sends facts to the ledger from a service: one typed method per event type of the catalog (a
 * misspelt field or a wrong vocabulary value does not compile), ids made for you or taken
 * from you, batched, retried with the same ids, and — with `outbox` — kept on disk until the
 * ledger has them.
 *
 * ```ts
 * const ledger = new LedgerClient({ url, apiKey, system: 'customer-portal', outbox: './ledger-outbox.db' });
 * await ledger.personalDataCollected({ subject: ledger.subject('C-1001'), data: {…}, personal: { email } });
 * await ledger.close();
 * ```
 */
export class LedgerClient extends CatalogMethods<Promise<RecordedFact>> {
  private readonly options: ResolvedOptions;
  private readonly queue: FactQueue;
  private readonly sender: FactSender;
  private readonly waiters = new Map<string, Deferred<FactReceipt>[]>();
  private readonly roomWaiters: RoomWaiter[] = [];
  private readonly flushes: { through: number; resolve(): void }[] = [];
  private readonly adding = new Set<Promise<void>>();
  private reserved = 0;
  private closed = false;
  private closing?: Promise<void>;
  private readonly counts = { recorded: 0, acknowledged: 0, duplicates: 0, rejected: 0 };

  constructor(private readonly clientOptions: LedgerClientOptions) {
    super();
    this.options = resolveOptions(clientOptions);
    this.queue = this.options.outbox ? new SqliteOutbox(this.options.outbox) : new MemoryQueue();
    const transport = new LedgerTransport({
      url: this.options.url,
      apiKey: this.options.apiKey,
      requestTimeoutMs: this.options.requestTimeoutMs,
      userAgent: `privacy-ledger-client/${CLIENT_VERSION}`,
    });
    this.sender = new FactSender(this.queue, transport, this.options.batch, this.options.retry, {
      acknowledged: (facts, receipts) => this.onAcknowledged(facts, receipts),
      rejected: (rejections) => this.onRejected(rejections),
      retrying: (failure, attempt, delayMs) => this.callback(() => this.clientOptions.onRetry?.(failure, attempt, delayMs)),
    });
  }

  /** A subject of this client's `system`, by its id there. */
  subject(externalId: string): SubjectReference {
    if (!this.options.system) throw new TypeError('LedgerClient: subject(externalId) needs the `system` option; or use subject(system, externalId)');
    return subject(this.options.system, externalId);
  }

  /** Takes one fact; resolves with its id once the client holds it (on disk, with an outbox). */
  async record(fact: AnyFactInput): Promise<RecordedFact> {
    const [recorded] = await this.recordMany([fact]);
    return recorded;
  }

  /** Takes facts all or none, in order. */
  async recordMany(facts: readonly AnyFactInput[]): Promise<RecordedFact[]> {
    const envelopes = facts.map(envelopeOf);
    await this.enqueue(envelopes);
    return envelopes.map(({ id }) => ({ id }));
  }

  /** Takes one fact, sends it without waiting for companions, and resolves with the ledger's receipt (or rejects with its refusal). */
  async recordAndWait(fact: AnyFactInput): Promise<FactReceipt> {
    const envelope = envelopeOf(fact);
    let deferred!: Deferred<FactReceipt>;
    const receipt = new Promise<FactReceipt>((resolve, reject) => (deferred = { resolve, reject }));
    // Listen before the fact can be sent, so the answer cannot be missed.
    this.waiters.set(envelope.id, [...(this.waiters.get(envelope.id) ?? []), deferred]);
    try {
      await this.enqueue([envelope]);
    } catch (error) {
      this.dropWaiter(envelope.id, deferred);
      throw error;
    }
    this.sender.hurry(this.queue.lastSeq());
    return receipt;
  }

  /** Sends what was recorded before the call without waiting for the batch interval; resolves when the ledger has acknowledged or refused all of it. */
  async flush(timeoutMs?: number): Promise<void> {
    await Promise.allSettled([...this.adding]);
    const through = this.queue.lastSeq();
    if (this.flushedThrough(through)) return;
    this.sender.hurry(through);
    await new Promise<void>((resolve, reject) => {
      const entry = { through, resolve: () => (clearTimeout(timer), resolve()) };
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.flushes.splice(this.flushes.indexOf(entry), 1);
              reject(new LedgerFlushTimeoutError(this.queue.size(), timeoutMs, this.sender.lastFailure));
            }, timeoutMs);
      this.flushes.push(entry);
    });
  }

  /**
   * Takes no more facts, sends what it holds (for at most `timeoutMs`, 30 s), and stops. With
   * an outbox, what could not be sent stays in it for the next client on the same file; without
   * one, it rejects with UnsentFactsError carrying those facts.
   */
  close(options: { timeoutMs?: number } = {}): Promise<void> {
    return (this.closing ??= this.shutDown(options.timeoutMs ?? 30_000));
  }

  status(): LedgerClientStatus {
    return {
      pending: this.queue.size(),
      ...this.counts,
      retries: this.sender.retries,
      lastFailure: this.sender.lastFailure?.message,
      closed: this.closed,
    };
  }

  /** The facts the ledger refused, with its answer for each (kept in the outbox, when there is one). */
  rejected(): FactRejection[] {
    return this.queue.rejected();
  }

  /** Forgets refused facts (all, or those named): after you have dealt with them. */
  clearRejected(ids?: readonly string[]): number {
    return this.queue.clearRejected(ids);
  }

  /** Sends refused facts again (all, or those named), e.g. after the ledger's key or configuration was fixed. */
  async requeueRejected(ids?: readonly string[]): Promise<number> {
    if (this.closed) throw new LedgerClientClosedError();
    const n = await this.queue.requeueRejected(ids);
    this.sender.notify();
    return n;
  }

  protected fact<T extends EventType>(type: T, input: FactInput<T>): Promise<RecordedFact> {
    return this.record({ type, ...input } as AnyFactInput);
  }

  private async enqueue(envelopes: readonly LedgerFact[]): Promise<void> {
    if (this.closed) throw new LedgerClientClosedError();
    const items = envelopes.map((e) => ({ id: e.id, body: JSON.stringify(e) }));
    await this.room(items.length);
    const added = this.queue.add(items);
    this.adding.add(added);
    try {
      await added;
    } finally {
      this.adding.delete(added);
      this.reserved -= items.length;
      this.releaseRoom();
    }
    this.counts.recorded += items.length;
    this.sender.notify();
  }

  /** Backpressure: at most maxPending facts held; callers wait their turn, in order, for at most backpressureTimeoutMs. */
  private room(n: number): Promise<void> {
    const { maxPending, backpressureTimeoutMs } = this.options;
    if (n > maxPending) return Promise.reject(new RangeError(`LedgerClient: ${n} facts at once exceed maxPending (${maxPending})`));
    if (this.roomWaiters.length === 0 && this.used() + n <= maxPending) {
      this.reserved += n;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: RoomWaiter = {
        n,
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (error) => (clearTimeout(timer), reject(error)),
      };
      const timer = setTimeout(() => {
        this.roomWaiters.splice(this.roomWaiters.indexOf(waiter), 1);
        reject(new LedgerBackpressureError(this.used(), maxPending, backpressureTimeoutMs, this.sender.lastFailure));
        this.releaseRoom();
      }, backpressureTimeoutMs);
      this.roomWaiters.push(waiter);
    });
  }

  private used(): number {
    return this.queue.size() + this.reserved;
  }

  private releaseRoom(): void {
    while (this.roomWaiters.length > 0 && this.used() + this.roomWaiters[0].n <= this.options.maxPending) {
      const waiter = this.roomWaiters.shift()!;
      this.reserved += waiter.n;
      waiter.resolve();
    }
  }

  private onAcknowledged(facts: readonly QueuedFact[], receipts: readonly FactReceipt[]): void {
    this.counts.acknowledged += facts.length;
    for (const receipt of receipts) {
      if (receipt.duplicate) this.counts.duplicates += 1;
      this.settleWaiters(receipt.id, (d) => d.resolve(receipt));
    }
    this.afterRemoval();
  }

  private onRejected(rejections: readonly FactRejection[]): void {
    this.counts.rejected += rejections.length;
    for (const rejection of rejections) {
      this.settleWaiters(rejection.id, (d) => d.reject(rejection.error));
      this.callback(() => this.clientOptions.onRejected?.(rejection));
    }
    this.afterRemoval();
  }

  private afterRemoval(): void {
    this.releaseRoom();
    for (const entry of [...this.flushes]) {
      if (this.flushedThrough(entry.through)) {
        this.flushes.splice(this.flushes.indexOf(entry), 1);
        entry.resolve();
      }
    }
  }

  private flushedThrough(seq: number): boolean {
    const oldest = this.queue.oldest();
    return !oldest || oldest.seq > seq;
  }

  private settleWaiters(id: string, settle: (d: Deferred<FactReceipt>) => void): void {
    const list = this.waiters.get(id);
    if (!list) return;
    this.waiters.delete(id);
    list.forEach(settle);
  }

  private dropWaiter(id: string, deferred: Deferred<FactReceipt>): void {
    const rest = (this.waiters.get(id) ?? []).filter((d) => d !== deferred);
    if (rest.length) this.waiters.set(id, rest);
    else this.waiters.delete(id);
  }

  /** A caller's callback must not stop the sender: its error is reported as a process warning. */
  private callback(call: () => void): void {
    try {
      call();
    } catch (error) {
      process.emitWarning(`a LedgerClient callback threw: ${(error as Error)?.message ?? error}`);
    }
  }

  private async shutDown(timeoutMs: number): Promise<void> {
    this.closed = true;
    for (const waiter of this.roomWaiters.splice(0)) waiter.reject(new LedgerClientClosedError());
    await this.flush(timeoutMs).catch(() => undefined);
    await this.sender.stop();
    const lastFailure: LedgerUnavailableError | undefined = this.sender.lastFailure;
    const unsent = this.queue.durable ? [] : this.queue.take(Infinity, Infinity).map((f) => JSON.parse(f.body) as LedgerFact);
    for (const id of [...this.waiters.keys()]) {
      this.settleWaiters(id, (d) => d.reject(new LedgerClientClosedError('the client closed before the ledger acknowledged this fact')));
    }
    this.queue.close();
    if (unsent.length) throw new UnsentFactsError(unsent, lastFailure);
  }
}

function envelopeOf(fact: AnyFactInput): LedgerFact {
  const { type, ...input } = fact as { type: EventType } & FactInput<EventType>;
  return buildFact(type, input as FactInput<EventType>);
}
