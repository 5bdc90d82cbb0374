// A network partition on loopback without iptables or namespaces: everyone (sentinels, replicas,
// firebridge) reaches the master only through this TCP proxy. `partition()` stops reading both
// ways — the bytes wait in the kernel as they would behind a dropped link, nothing is refused or
// reset — and new connections are held unconnected; `heal()` lets TCP deliver what waited, as
// retransmission would once the link is back.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { HOST } from './constants.js';

export interface PartitionProxy {
  readonly port: number;
  partition(): void;
  heal(): void;
  /** Ends every connection with what waited in it unread: the bytes a dead master never delivered. */
  drop(): void;
  close(): Promise<void>;
}

export async function startProxy(upstreamPort: number): Promise<PartitionProxy> {
  let cut = false;
  const sockets = new Set<Socket>();
  const held: Array<() => void> = [];

  /** Forwards by hand (not pipe(), whose back-pressure handling would resume a cut socket). */
  const forward = (from: Socket, to: Socket): void => {
    from.on('data', (chunk: Buffer) => {
      if (!to.write(chunk)) from.pause();
    });
    to.on('drain', () => {
      if (!cut) from.resume();
    });
  };

  const join = (client: Socket): void => {
    const upstream = connect(upstreamPort, HOST);
    sockets.add(upstream);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    upstream.on('error', end).on('close', end);
    client.on('error', end).on('close', end);
    forward(client, upstream);
    forward(upstream, client);
    client.resume();
  };

  // Accepted connections start paused, so a held one reads nothing until the partition heals.
  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client);
    client.on('error', () => client.destroy());
    if (cut) held.push(() => join(client));
    else join(client);
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    partition() {
      cut = true;
      for (const s of sockets) s.pause();
    },
    heal() {
      cut = false;
      // Held connections get their listeners before anything resumes, so no byte is read unheard.
      for (const connectHeld of held.splice(0)) connectHeld();
      for (const s of sockets) s.resume();
    },
    drop() {
      for (const s of sockets) s.destroy();
      held.splice(0);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
