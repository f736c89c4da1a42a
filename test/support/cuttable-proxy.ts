import { once } from 'node:events';
import { Server, Socket, connect, createServer } from 'node:net';

export interface CuttableProxy {
  readonly port: number;
  /** The same PostgreSQL URL, through the proxy. */
  through(url: string): string;
  /** Resets every open connection and every new one at once: the database is gone, and its clients learn it at once. */
  cut(): void;
  /**
   * Stops forwarding without closing anything, and holds new connections unanswered: a network
   * that drops every packet (a partition). Clients learn nothing until their own timeouts.
   */
  freeze(): void;
  /** Forwards again: frozen connections carry on where they stopped, held ones are connected. */
  restore(): void;
  close(): Promise<void>;
}

interface Pair {
  incoming: Socket;
  outgoing: Socket;
}

/**
 * A TCP proxy in front of a server (the machine's PostgreSQL) that a test can cut, freeze and
 * restore, to take a database away from a ledger without stopping the server other work uses.
 */
export async function startCuttableProxy(target: { host: string; port: number }): Promise<CuttableProxy> {
  const pairs = new Set<Pair>();
  const held = new Set<Socket>();
  let mode: 'open' | 'cut' | 'frozen' = 'open';

  const forward = (incoming: Socket) => {
    const pair = { incoming, outgoing: connect(target.port, target.host) };
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      for (const socket of [pair.incoming, pair.outgoing]) if (!socket.destroyed) socket.resetAndDestroy();
    };
    for (const socket of [pair.incoming, pair.outgoing]) {
      socket.on('error', drop);
      socket.on('close', drop);
    }
    pair.incoming.pipe(pair.outgoing);
    pair.outgoing.pipe(pair.incoming);
  };

  const server: Server = createServer((incoming) => {
    if (mode === 'cut') return void incoming.resetAndDestroy();
    if (mode === 'frozen') {
      incoming.pause();
      held.add(incoming);
      incoming.on('error', () => incoming.destroy());
      incoming.on('close', () => held.delete(incoming));
      return;
    }
    forward(incoming);
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
      mode = 'cut';
      for (const { incoming, outgoing } of [...pairs]) {
        incoming.resetAndDestroy();
        outgoing.resetAndDestroy();
      }
      pairs.clear();
      for (const socket of [...held]) socket.resetAndDestroy();
      held.clear();
    },
    freeze() {
      mode = 'frozen';
      for (const { incoming, outgoing } of pairs) {
        incoming.unpipe(outgoing);
        outgoing.unpipe(incoming);
        incoming.pause();
        outgoing.pause();
      }
    },
    restore() {
      mode = 'open';
      for (const { incoming, outgoing } of pairs) {
        incoming.pipe(outgoing);
        outgoing.pipe(incoming);
      }
      for (const socket of [...held]) {
        held.delete(socket);
        if (!socket.destroyed) forward(socket);
      }
    },
    async close() {
      proxy.cut();
      server.close();
      await once(server, 'close');
    },
  };
  return proxy;
}
