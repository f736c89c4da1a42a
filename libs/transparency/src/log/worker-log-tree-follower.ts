import { Worker } from 'node:worker_threads';
import { extname, join } from 'node:path';
import type { LogTreeProgress } from './log-tree-progress';
import { LogTreeWorkerData, LogTreeWorkerMessage, STOP, WAKE } from './log-tree-worker-protocol';

export interface WorkerLogTreeFollowerOptions {
  eventsFile: string;
  treeFile: string;
  /** How often the worker looks for new events when not woken (default 20 ms). */
  pollMs?: number;
  /** Pause before a failed batch is tried again, and before a stopped worker is restarted (default 1 s). */
  retryMs?: number;
  onError?: (error: Error) => void;
}

interface Waiter {
  commit: number;
  resolve(reached: boolean): void;
}

/**
 * Keeps the log tree of an embedded store in a worker thread (log-tree.worker.ts) and tracks
 * how far it got. The worker polls the log every few milliseconds and is woken at once when a
 * reader waits for a position, so a proof of an event just appended waits no longer than it
 * takes to hash it in.
 */
export class WorkerLogTreeFollower implements LogTreeProgress {
  private readonly signals = new SharedArrayBuffer(8);
  private readonly flags = new Int32Array(this.signals);
  private exited?: Promise<void>;
  private position = -1;
  private waiters: Waiter[] = [];
  private stopped = true;

  constructor(private readonly options: WorkerLogTreeFollowerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    Atomics.store(this.flags, STOP, 0);
    this.spawn();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    Atomics.store(this.flags, STOP, 1);
    Atomics.add(this.flags, WAKE, 1);
    Atomics.notify(this.flags, WAKE);
    Atomics.notify(this.flags, STOP);
    await this.exited;
    for (const waiter of this.waiters.splice(0)) waiter.resolve(false);
  }

  reached(commit: number): boolean {
    return this.position >= commit;
  }

  async waitFor(commit: number, timeoutMs: number): Promise<boolean> {
    if (this.reached(commit)) return true;
    const waiter = { commit } as Waiter;
    const reached = new Promise<boolean>((resolve) => (waiter.resolve = resolve));
    this.waiters.push(waiter);
    this.wake();
    const timer = setTimeout(() => waiter.resolve(false), timeoutMs);
    try {
      return await reached;
    } finally {
      clearTimeout(timer);
      this.waiters = this.waiters.filter((w) => w !== waiter);
    }
  }

  private wake(): void {
    Atomics.add(this.flags, WAKE, 1);
    Atomics.notify(this.flags, WAKE);
  }

  private spawn(): void {
    // Run from TypeScript sources (tests, `npm run ledger`, `start:dev`), the worker needs the same loader.
    const ext = extname(__filename);
    const data: LogTreeWorkerData = {
      eventsFile: this.options.eventsFile,
      treeFile: this.options.treeFile,
      pollMs: this.options.pollMs ?? 20,
      retryMs: this.options.retryMs ?? 1000,
      signals: this.signals,
    };
    const worker = new Worker(join(__dirname, `log-tree.worker${ext}`), {
      workerData: data,
      ...(ext === '.ts' ? { execArgv: ['--require', require.resolve('@swc-node/register')] } : {}),
    });
    worker.on('message', (message: LogTreeWorkerMessage) => {
      if ('error' in message) return this.options.onError?.(new Error(message.error));
      this.position = message.position;
      for (const waiter of this.waiters) if (waiter.commit <= this.position) waiter.resolve(true);
    });
    worker.on('error', (error) => this.options.onError?.(error));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        resolve();
        if (this.stopped) return;
        // Died (it failed to open its files, or ran out of memory): try again, as a ProjectionRunner would.
        this.options.onError?.(new Error(`the log tree's worker stopped (exit code ${code}); restarting it`));
        setTimeout(() => !this.stopped && this.spawn(), this.options.retryMs ?? 1000).unref();
      }),
    );
  }
}
