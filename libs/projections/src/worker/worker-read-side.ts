import { Worker } from 'node:worker_threads';
import type { ComplianceRules } from '@ledger/domain';
import { extname, join } from 'node:path';
import type { ErasureProcess } from '../erasure/erasure.process';
import type { ProjectionName } from '../projection-names';
import type { ProjectionStatus } from '../runner/projection-runner';
import type { QuarantinedEvent } from '../runner/quarantine-store';
import { ReadSide } from '../runner/read-side';
import type { FromReadSideWorker, ReadSideWorkerData, ToReadSideWorker } from './read-side-worker-protocol';

export interface WorkerReadSideOptions {
  eventsFile: string;
  projectionsFile: string;
  accountRetentionMonths: number;
  /** Calendar and adequacy decisions (plain data and a Set: they cross to the worker by structured clone). */
  rules?: ComplianceRules;
  /** How often the worker looks for new events when not woken (default 20 ms). */
  pollMs?: number;
  /** Pause before a failed projection tries again, and before a stopped worker is restarted (default 1 s). */
  retryMs?: number;
  /** Events folded per transaction while catching up (default 2,000: in its own thread a long fold holds up no request). */
  batchSize?: number;
  onError?: (projection: string, error: Error) => void;
  onQuarantine?: (projection: string, event: QuarantinedEvent) => void;
}

interface Waiter {
  names: readonly ProjectionName[];
  commit: number;
  resolve(reached: boolean): void;
}

/**
 * The read side of the embedded store, run in a worker thread (read-side.worker.ts), seen from
 * the request thread: the positions and status the worker reports after its commits, waits for
 * a position (which wake the worker at once), and the shredding its erasure process asks for,
 * carried out here by the erasure process's own shredder (the ledger's commands live here).
 */
export class WorkerReadSide extends ReadSide<ProjectionName> {
  private worker?: Worker;
  private exited?: Promise<void>;
  private latest: ProjectionStatus<ProjectionName>[] = [];
  private waiters: Waiter[] = [];
  private stopped = true;
  private erasure?: ErasureProcess;
  private opened?: Promise<void>;
  private onFirstStatus?: () => void;
  private waking?: NodeJS.Immediate;

  constructor(
    private readonly options: WorkerReadSideOptions,
    names: readonly ProjectionName[],
  ) {
    super();
    // Until the worker's first report: every projection at 0, not caught up.
    this.latest = names.map((name) => ({ name, position: 0, caughtUp: false, quarantined: 0, failures: [] }));
  }

  /**
   * The erasure process of this thread: the worker folds the log with one of its own, and asks
   * this one to shred; its alarms (raised here, by the shredder) are read here.
   */
  shredWith(process: ErasureProcess): void {
    process.setup();
    this.erasure = process;
    if (!this.latest.some((s) => s.name === process.name)) this.latest.push({ name: process.name, position: 0, caughtUp: false, quarantined: 0, failures: [] });
  }

  override get names(): ProjectionName[] {
    return this.latest.map((s) => s.name);
  }

  /**
   * Starts the worker, which prepares the projections' tables (dropping those of another
   * version) and reports; resolves then, so that queries never meet a missing table. It folds
   * nothing before start().
   */
  open(): Promise<void> {
    this.opened ??= new Promise<void>((resolve) => {
      this.onFirstStatus = resolve;
      this.spawn();
    });
    return this.opened;
  }

  override start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (!this.worker) void this.open();
    this.send({ kind: 'start' });
  }

  override async stop(): Promise<void> {
    this.stopped = true;
    this.send({ kind: 'stop' });
    await this.exited;
    this.opened = undefined;
    for (const waiter of this.waiters.splice(0)) waiter.resolve(false);
  }

  override status(): ProjectionStatus<ProjectionName>[] {
    return this.latest.map((s) => {
      if (s.name !== this.erasure?.name) return { ...s, failures: [...s.failures] };
      // Alarms are raised in this thread: read them here, not as the worker last saw them.
      const { alarm: _, ...rest } = s;
      const alarm = this.erasure.alarm();
      return { ...rest, failures: [...s.failures], ...(alarm ? { alarm } : {}) };
    });
  }

  override reached(names: readonly ProjectionName[], commit: number): boolean {
    return names.every((n) => this.positionOf(n) >= commit);
  }

  override async waitFor(names: readonly ProjectionName[], commit: number, timeoutMs: number): Promise<boolean> {
    if (this.reached(names, commit)) return true;
    const waiter = { names, commit } as Waiter;
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

  /** New events in the log: the worker reads them now rather than at its next poll (one message however many commits in a turn). */
  wake(): void {
    this.waking ??= setImmediate(() => {
      this.waking = undefined;
      this.send({ kind: 'wake' });
    });
  }

  private positionOf(name: ProjectionName): number {
    const status = this.latest.find((s) => s.name === name);
    if (!status) throw new Error(`no projection named ${name}; known: ${this.names.join(', ')}`);
    return status.position;
  }

  private send(message: ToReadSideWorker): void {
    this.worker?.postMessage(message);
  }

  private spawn(): void {
    // Run from TypeScript sources (tests, `npm run ledger`, `start:dev`), the worker needs the same loader.
    const ext = extname(__filename);
    const data: ReadSideWorkerData = {
      eventsFile: this.options.eventsFile,
      projectionsFile: this.options.projectionsFile,
      accountRetentionMonths: this.options.accountRetentionMonths,
      ...(this.options.rules ? { rules: this.options.rules } : {}),
      pollMs: this.options.pollMs ?? 20,
      retryMs: this.options.retryMs ?? 1000,
      batchSize: this.options.batchSize ?? 2000,
    };
    const worker = new Worker(join(__dirname, `read-side.worker${ext}`), {
      workerData: data,
      ...(ext === '.ts' ? { execArgv: ['--require', require.resolve('@swc-node/register')] } : {}),
    });
    this.worker = worker;
    worker.on('message', (message: FromReadSideWorker) => this.receive(message));
    worker.on('error', (error) => this.options.onError?.('read-side', error));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        resolve();
        if (this.worker === worker) this.worker = undefined;
        if (this.stopped) return;
        // Died (it failed to open its files, or ran out of memory): start it again, as a ProjectionRunner retries.
        this.options.onError?.('read-side', new Error(`the read side's worker stopped (exit code ${code}); restarting it`));
        setTimeout(() => {
          if (this.stopped) return;
          this.spawn();
          this.send({ kind: 'start' });
        }, this.options.retryMs ?? 1000).unref();
      }),
    );
  }

  private receive(message: FromReadSideWorker): void {
    switch (message.kind) {
      case 'status': {
        this.latest = message.status;
        this.onFirstStatus?.();
        this.onFirstStatus = undefined;
        const waiting = this.waiters;
        for (const w of waiting) if (this.reached(w.names, w.commit)) w.resolve(true);
        return;
      }
      case 'shred': {
        const done = () => this.send({ kind: 'shredded', request: message.request });
        if (!this.erasure) return done();
        // The shredder reports its own failures (the retention sweep retries): the worker goes on either way.
        void this.erasure.shred(message.subjectId).then(done, done);
        return;
      }
      case 'error':
        return this.options.onError?.(message.projection, new Error(message.message));
      case 'quarantine':
        return this.options.onQuarantine?.(message.projection, message.event);
      case 'stopped':
        return;
    }
  }
}
