import { Agent, request } from 'node:http';

/** One HTTP exchange of the load generator: status, body text and how long it took (ms). */
export interface Exchange {
  status: number;
  body: string;
  ms: number;
}

/**
 * Plain node:http with a keep-alive agent: no load-testing package is installed, and fetch
 * (undici) spends more of the client's core per request than this does, which would cap what
 * the bench can measure on two cores.
 */
export class HttpDriver {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    base: string,
    private readonly headers: Record<string, string>,
    sockets: number,
  ) {
    const url = new URL(base);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  send(method: 'GET' | 'POST', path: string, body?: string): Promise<Exchange> {
    const start = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.host,
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: body === undefined ? this.headers : { ...this.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: Number(process.hrtime.bigint() - start) / 1e6 }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The p-th percentile of some figures (nearest rank). */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
