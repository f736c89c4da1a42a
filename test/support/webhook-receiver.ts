import { once } from 'node:events';
import { IncomingMessage, ServerResponse, createServer } from 'node:http';

export interface ReceivedWebhook {
  id: string | undefined;
  signature: string | undefined;
  body: string;
}

/**
 * A real HTTP server that takes webhook POSTs. While `holding`, it keeps every request open
 * without answering (the sender never sees a 2xx); otherwise it answers 204 at once.
 */
export async function webhookReceiver() {
  const received: ReceivedWebhook[] = [];
  const held: ServerResponse[] = [];
  let holding = false;
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({
      id: req.headers['x-ledger-notification-id'] as string | undefined,
      signature: req.headers['x-ledger-signature'] as string | undefined,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    if (holding) held.push(res);
    else res.writeHead(204).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/ledger`,
    received,
    hold(on: boolean) {
      holding = on;
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
