import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DigestBasis, DigestBases } from './digest-basis';

export interface DigestBasisRequest {
  readonly id: number;
  readonly position: number;
}

export type DigestBasisReply = { readonly id: number; readonly basis: DigestBasis } | { readonly id: number; readonly error: string };

interface Pending {
  resolve(basis: DigestBasis): void;
  reject(error: Error): void;
}

/**
 * Digest bases of a SQLite ledger file, computed in a worker thread on its own read-only
 * connection: at 100,000 streams a basis takes about a second of CPU, which on the server's
 * thread would hold up every other request. The worker starts on the first request and takes
 * requests one at a time, in order; if it dies, the requests it held fail and the next one
 * starts a new worker.
 */
export class SqliteDigestBases implements DigestBases {
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly file: string) {}

  basisAt(position: number): Promise<DigestBasis> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, position } satisfies DigestBasisRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    // Run from TypeScript sources (tests, `npm run start:dev`), the worker needs the same loader.
    const ext = extname(__filename);
    const worker = new Worker(join(__dirname, `digest-basis.worker${ext}`), {
      workerData: { file: this.file },
      ...(ext === '.ts' ? { execArgv: ['--require', require.resolve('@swc-node/register')] } : {}),
    });
    worker.on('message', (reply: DigestBasisReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('basis' in reply) waiting?.resolve(reply.basis);
      else waiting?.reject(new Error(`the digest could not be computed: ${reply.error}`));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the digest worker stopped (exit code ${code})`)));
    // An idle worker must not keep the process alive; close() ends it on shutdown.
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
