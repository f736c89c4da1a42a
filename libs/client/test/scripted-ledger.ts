import { once } from 'node:events';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST /v1/events/batch as the scripted ledger received it. */
export interface ReceivedBatch {
  path: string;
  headers: IncomingHttpHeaders;
  events: Record<string, any>[];
  ids: string[];
}

export interface ScriptedAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What the script does with a request: answer it, cut the connection, or hold it until the server closes. */
export type Script = (batch: ReceivedBatch, n: number) => ScriptedAnswer | 'drop' | 'hold' | Promise<ScriptedAnswer>;

/** The ledger's 201 for a batch: a receipt per fact, in order. */
export const recorded = (batch: ReceivedBatch, duplicate = false): ScriptedAnswer => ({
  status: duplicate ? 200 : 201,
  body: {
    events: batch.ids.map((id, i) => ({ id, stream: `subject-${i}`, revision: 0, position: i + 1, duplicate })),
  },
});

/** The ledger's error body. */
export const refusal = (status: number, error: string, message: string, details?: unknown): ScriptedAnswer => ({
  status,
  body: { statusCode: status, error, message, ...(details === undefined ? {} : { details }) },
});

export interface ScriptedLedger {
  url: string;
  batches: ReceivedBatch[];
  /** Resolves when the server has received `count` batches in all. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on a random port that plays the ledger's batch endpoint by a script: for
 * the client's unit tests of batching, retries and refusals (no mocked fetch).
 */
export async function scriptedLedger(script: Script = (batch) => recorded(batch)): Promise<ScriptedLedger> {
  const batches: ReceivedBatch[] = [];
  const watchers: { count: number; resolve(): void }[] = [];
  const held: (() => void)[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const events = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: Record<string, any>[] }).events;
    const batch: ReceivedBatch = { path: req.url ?? '', headers: req.headers, events, ids: events.map((e) => e.id as string) };
    batches.push(batch);
    for (const w of watchers.filter((w) => batches.length >= w.count)) {
      watchers.splice(watchers.indexOf(w), 1);
      w.resolve();
    }
    const answer = await script(batch, batches.length);
    if (answer === 'drop') {
      req.socket.destroy();
      return;
    }
    if (answer === 'hold') {
      held.push(() => req.socket.destroy());
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    batches,
    received: (count) => (batches.length >= count ? Promise.resolve() : new Promise<void>((resolve) => watchers.push({ count, resolve }))),
    async close() {
      held.forEach((release) => release());
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
