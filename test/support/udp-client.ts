// Raw UDP for tests of the wire core: crafted and malformed datagrams, duplicates from a fixed source
// port, and "no reply" checks with short timeouts. Nothing here parses or verifies replies.
import { createSocket, type Socket, type SocketType } from 'node:dgram';
import { isIP } from 'node:net';

export interface UdpClient {
  /** The local (source) port: fixed for the life of the client, so retransmissions are duplicates. */
  readonly port: number;
  /** Every datagram received so far, in arrival order. */
  readonly received: readonly Buffer[];
  /**
   * Sends `packet` and resolves with the first datagram that arrives afterwards and passes `accept`
   * (by default: its Identifier equals the packet's), or undefined after `timeoutMs`.
   */
  send(packet: Buffer, host: string, port: number, timeoutMs?: number, accept?: (reply: Buffer) => boolean): Promise<Buffer | undefined>;
  /** Sends without waiting. */
  fire(packet: Buffer, host: string, port: number): void;
  /** Resolves with everything received from now on during `ms` (to count replies). */
  collect(ms: number): Promise<Buffer[]>;
  close(): Promise<void>;
}

export function familyOf(host: string): SocketType {
  return isIP(host) === 6 ? 'udp6' : 'udp4';
}

/** A socket bound to an ephemeral port on `bindHost` (loopback of the family by default). */
export async function openUdpClient(family: SocketType = 'udp4', bindHost?: string): Promise<UdpClient> {
  const socket: Socket = createSocket(family);
  const received: Buffer[] = [];
  const listeners = new Set<(msg: Buffer) => void>();
  socket.on('message', (msg) => {
    received.push(msg);
    for (const l of [...listeners]) l(msg);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, bindHost ?? (family === 'udp6' ? '::1' : '127.0.0.1'), () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const port = socket.address().port;
  let closed = false;

  const client: UdpClient = {
    port,
    received,
    send(packet, host, destPort, timeoutMs = 1_000, accept) {
      const matches = accept ?? ((reply: Buffer) => packet.length < 2 || (reply.length >= 2 && reply[1] === packet[1]));
      return new Promise((resolve) => {
        const onMessage = (msg: Buffer): void => {
          if (!matches(msg)) return;
          done(msg);
        };
        const timer = setTimeout(() => done(undefined), timeoutMs);
        const done = (value: Buffer | undefined): void => {
          clearTimeout(timer);
          listeners.delete(onMessage);
          resolve(value);
        };
        listeners.add(onMessage);
        socket.send(packet, destPort, host);
      });
    },
    fire(packet, host, destPort) {
      socket.send(packet, destPort, host);
    },
    collect(ms) {
      return new Promise((resolve) => {
        const got: Buffer[] = [];
        const onMessage = (msg: Buffer): void => void got.push(msg);
        listeners.add(onMessage);
        setTimeout(() => {
          listeners.delete(onMessage);
          resolve(got);
        }, ms);
      });
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise((resolve) => socket.close(() => resolve()));
    },
  };
  return client;
}

/** One datagram from a fresh socket; the reply (any datagram back) or undefined after `timeoutMs`. */
export async function sendUdp(packet: Buffer, host: string, port: number, timeoutMs = 1_000): Promise<Buffer | undefined> {
  const client = await openUdpClient(familyOf(host));
  try {
    return await client.send(packet, host, port, timeoutMs, () => true);
  } finally {
    await client.close();
  }
}

/** Polls `condition` every few milliseconds until it holds (throws after `timeoutMs`). */
export async function waitFor(condition: () => boolean, timeoutMs = 2_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
