import { once } from 'node:events';
import { Server, Socket, createConnection, createServer } from 'node:net';

/** A TCP proxy in front of a real server, whose connections a test can cut (a network failure, not a polite close). */
export interface TcpProxy {
  port: number;
  /** Destroys every open connection; with `refuse`, new ones are refused until `accept()`. */
  cut(options?: { refuse?: boolean }): void;
  accept(): void;
  close(): Promise<void>;
}

export async function tcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let refusing = false;
  const server: Server = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = createConnection(target);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as { port: number }).port,
    cut(options = {}) {
      refusing = options.refuse ?? false;
      for (const s of sockets) s.destroy();
    },
    accept() {
      refusing = false;
    },
    async close() {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
