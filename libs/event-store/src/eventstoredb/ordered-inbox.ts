/**
 * The messages of one client subscription in the order the server sent them. Events come
 * through the stream's 'data' events, but the client fires caughtUp and checkpointReached
 * while the stream may still hold earlier events in its buffer; such a signal therefore waits
 * until the data items that were pending when it fired have been taken.
 */
export class OrderedInbox<T> {
  private ready: T[] = [];
  private waiting: { after: number; item: T }[] = [];
  private taken = 0;

  /** One item of the stream's data flow; null when it carries nothing to deliver (it still counts). */
  take(item: T | null): void {
    this.taken += 1;
    if (item !== null) this.ready.push(item);
    this.release();
  }

  /** A signal that follows the `pending` data items the stream holds but has not handed over yet. */
  signal(item: T, pending: number): void {
    this.waiting.push({ after: this.taken + pending, item });
    this.release();
  }

  shift(): T | undefined {
    return this.ready.shift();
  }

  get size(): number {
    return this.ready.length;
  }

  /** Forget everything: the stream is gone, and a new one starts counting from zero. */
  clear(): void {
    this.ready = [];
    this.waiting = [];
    this.taken = 0;
  }

  private release(): void {
    while (this.waiting.length > 0 && this.waiting[0].after <= this.taken) this.ready.push(this.waiting.shift()!.item);
  }
}
