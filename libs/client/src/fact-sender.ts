import { LedgerError, LedgerUnavailableError, FactRejection } from './errors';
import type { FactReceipt } from './fact-receipt';
import type { LedgerTransport } from './ledger-transport';
import type { FactQueue, QueuedFact } from './queue/fact-queue';
import { RetryPolicy, retryDelay } from './retry-policy';

export interface BatchPolicy {
  /** Facts per request (the ledger takes at most 1000). */
  maxSize: number;
  /** Bytes of JSON per request (the ledger's body limit is 8 MiB by default). */
  maxBytes: number;
  /** How long a fact may wait for companions before a smaller batch is sent. */
  intervalMs: number;
}

export interface SenderListener {
  acknowledged(facts: readonly QueuedFact[], receipts: readonly FactReceipt[]): void;
  rejected(rejections: readonly FactRejection[]): void;
  retrying(failure: LedgerUnavailableError, attempt: number, delayMs: number): void;
}

/**
 * The one loop that sends queued facts, oldest first, one batch at a time (so the log gets them
 * in the order they were recorded). A batch goes when it is full, when its oldest fact has
 * waited the interval, or at once when a flush asks. Retries reuse the batch's facts and ids
 * unchanged, so a retry of a batch the ledger did store is answered 200, never stored twice.
 * When the ledger refuses a batch and names its bad items, those are set aside and the rest is
 * sent again at once (the batch is atomic: nothing of it was written).
 */
export class FactSender {
  /** The last failure of an attempt, until a batch gets through. */
  lastFailure?: LedgerUnavailableError;
  retries = 0;
  private hurryThrough = 0;
  /** Sleeping with nothing to send. */
  private idle = false;
  private maxBytes: number;
  private stopping = false;
  private readonly abort = new AbortController();
  private wake?: () => void;
  private readonly loop: Promise<void>;

  constructor(
    private readonly queue: FactQueue,
    private readonly transport: LedgerTransport,
    private readonly batch: BatchPolicy,
    private readonly retry: RetryPolicy,
    private readonly listener: SenderListener,
    private readonly random: () => number = Math.random,
  ) {
    this.maxBytes = batch.maxBytes;
    this.loop = this.run();
  }

  /** Facts were added: an idle loop starts its interval; one waiting out its interval looks again only once a batch is full. */
  notify(): void {
    if (this.idle || this.queue.size() >= this.batch.maxSize) this.wake?.();
  }

  /** Send every fact up to `seq` without waiting for the interval. */
  hurry(seq: number): void {
    this.hurryThrough = Math.max(this.hurryThrough, seq);
    this.wake?.();
  }

  /** Ends the loop; a request in flight is abandoned (its facts stay queued: a later send is a safe retry). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const oldest = this.queue.oldest();
        if (!oldest) {
          await this.sleep(Infinity, true);
          continue;
        }
        const due = oldest.queuedAt + this.batch.intervalMs - Date.now();
        if (due > 0 && oldest.seq > this.hurryThrough && this.queue.size() < this.batch.maxSize) {
          await this.sleep(due, true);
          continue;
        }
        await this.deliver(this.queue.take(this.batch.maxSize, this.maxBytes));
      } catch (error) {
        // The queue itself failed (a disk error in the outbox): the facts stay where they are; try again later.
        this.lastFailure = new LedgerUnavailableError(`the client's queue failed: ${(error as Error).message}`, undefined, { cause: error });
        await this.sleep(this.retry.maxDelayMs, false);
      }
    }
  }

  private async deliver(batch: QueuedFact[]): Promise<void> {
    let pending = batch;
    let attempt = 0;
    while (pending.length > 0 && !this.stopping) {
      const answer = await this.transport.postBatch(
        pending.map((f) => f.body),
        this.abort.signal,
      );
      // A definite answer is taken even while stopping; only a retry is not.
      switch (answer.kind) {
        case 'recorded':
          this.lastFailure = undefined;
          this.queue.remove(pending);
          this.listener.acknowledged(pending, answer.receipts);
          return;
        case 'unavailable': {
          if (this.stopping) return;
          this.lastFailure = answer.failure;
          attempt += 1;
          if (attempt >= this.retry.maxAttempts) {
            const error = new LedgerError(answer.failure.status ?? 503, 'Unavailable', `gave up after ${attempt} attempts: ${answer.failure.message}`);
            this.refuse(pending.map((fact) => ({ fact, error })));
            return;
          }
          const delay = retryDelay(attempt, this.retry, this.random, answer.retryAfterMs);
          this.retries += 1;
          this.listener.retrying(answer.failure, attempt, delay);
          await this.sleep(delay, false);
          continue;
        }
        case 'too-large':
          if (pending.length > 1) {
            // Smaller batches from now on (the ledger's body limit is its own setting); the facts stay queued in order.
            this.maxBytes = Math.max(1, Math.floor(pending.reduce((n, f) => n + f.bytes, 0) / 2));
            return;
          }
          this.refuse([{ fact: pending[0], error: answer.error }]);
          return;
        case 'refused': {
          const byIndex = answer.byIndex;
          if (!byIndex) {
            this.refuse(pending.map((fact) => ({ fact, error: answer.error })));
            return;
          }
          this.refuse([...byIndex].map(([index, error]) => ({ fact: pending[index], error })));
          pending = pending.filter((_, index) => !byIndex.has(index));
          attempt = 0;
        }
      }
    }
  }

  private refuse(rejections: { fact: QueuedFact; error: LedgerError }[]): void {
    this.listener.rejected(this.queue.reject(rejections));
  }

  /** Waits `ms` (Infinity: until woken); `wakeable` lets new facts or a flush cut it short, stop always does. */
  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopping) return Promise.resolve();
    this.idle = ms === Infinity;
    return new Promise<void>((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      const wake = () => (wakeable || this.stopping) && done();
      this.wake = wake;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).then(() => {
      this.wake = undefined;
      this.idle = false;
    });
  }
}
