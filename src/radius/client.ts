// A small RADIUS client for requests firebridge originates (Disconnect-Request to a FireBrick,
// RFC 5176; the lab's Access-Requests). Retransmits the identical packet (RFC 5080 §2.2.1) and
// accepts only a reply whose Response Authenticator verifies.
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { plural } from '../text/plural.js';
import { checkReplyMessageAuthenticator, verifyResponseAuthenticator } from './authenticators.js';
import { AUTHENTICATOR_LENGTH, AUTHENTICATOR_OFFSET, type RadiusPacket } from './packet.js';
import { parsePacket } from './parser.js';
import { serializeRequest, type OutgoingAttribute } from './serializer.js';

export interface SendOptions {
  readonly host: string;
  readonly port: number;
  readonly secret: Buffer;
  readonly timeoutMs?: number;
  readonly attempts?: number;
}

export class NoReplyError extends Error {
  override name = 'NoReplyError';
}

export async function sendRequest(code: number, attributes: readonly OutgoingAttribute[], o: SendOptions): Promise<RadiusPacket> {
  const identifier = randomInt(256);
  const packet = serializeRequest(code, identifier, attributes, o.secret);
  const authenticator = Buffer.from(packet.subarray(AUTHENTICATOR_OFFSET, AUTHENTICATOR_OFFSET + AUTHENTICATOR_LENGTH));
  const socket = createSocket(isIP(o.host) === 6 ? 'udp6' : 'udp4');
  const attempts = o.attempts ?? 3;
  const timeoutMs = o.timeoutMs ?? 1_000;
  try {
    return await new Promise<RadiusPacket>((resolve, reject) => {
      let sent = 0;
      let timer: NodeJS.Timeout | undefined;
      const send = (): void => {
        if (sent++ >= attempts) {
          reject(new NoReplyError(`no valid reply from ${o.host}:${o.port} after ${plural(attempts, 'attempt')}`));
          return;
        }
        socket.send(packet, o.port, o.host);
        timer = setTimeout(send, timeoutMs);
      };
      socket.on('message', (msg) => {
        const parsed = parsePacket(msg);
        if (!parsed.ok || parsed.packet.identifier !== identifier) return;
        if (!verifyResponseAuthenticator(parsed.packet, authenticator, o.secret)) return;
        if (checkReplyMessageAuthenticator(parsed.packet, authenticator, o.secret) === 'invalid') return;
        clearTimeout(timer);
        resolve(parsed.packet);
      });
      socket.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      send();
    });
  } finally {
    socket.close();
  }
}
