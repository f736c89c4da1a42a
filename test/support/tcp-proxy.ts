import { once } from 'node:events';
import { Server, Socket, connect, createServer } from 'node:net';

export interface CuttableProxy {
  readonly port: number;
  /** The same PostgreSQL URL, through the proxy. */
  through(url: string): string;
  /** Resets every open connection and resets new ones at once: the database is gone, as far as its clients can tell. */
  cut(): void;
  /** Lets connections through again. */
  restore(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a server (the machine's PostgreSQL) that a test can cut and restore,
 * to take a database away from a ledger without stopping the server other work uses.
 */
export async function startCuttableProxy(target: { host: string; port: number }): Promise<CuttableProxy> {
  const open = new Set<Socket>();
  let cut = false;
  const server: Server = createServer((incoming) => {
    if (cut) return void incoming.resetAndDestroy();
    const outgoing = connect(target.port, target.host);
    open.add(incoming).add(outgoing);
    const drop = () => {
      for (const socket of [incoming, outgoing]) {
        open.delete(socket);
        if (!socket.destroyed) socket.resetAndDestroy();
      }
    };
    for (const socket of [incoming, outgoing]) {
      socket.on('error', drop);
      socket.on('close', drop);
    }
    incoming.pipe(outgoing);
    outgoing.pipe(incoming);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const proxy: CuttableProxy = {
    port,
    through(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    cut() {
      cut = true;
      for (const socket of [...open]) socket.resetAndDestroy();
      open.clear();
    },
    restore() {
      cut = false;
    },
    async close() {
      proxy.cut();
      server.close();
      await once(server, 'close');
    },
  };
  return proxy;
}
