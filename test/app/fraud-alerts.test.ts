// The fraud alert sender: the HMAC signature, one delivery at a time from a bounded queue (the
// oldest dropped past it), retries with back-off until they are used up — counted, never timed.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertSender, alertSignature } from '../../src/app/fraud/alerts.js';
import { untilTrue } from '../support/wait.js';

const logger = pino({ level: 'silent' });

describe('alertSignature', () => {
  it('is the hex HMAC-SHA256 of the body (RFC 4231 test case 2)', () => {
    expect(alertSignature('what do ya want for nothing?', 'Jefe')).toBe('sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
});

describe('AlertSender', () => {
  let server: Server | undefined;
  let sender: AlertSender | undefined;
  const held: ServerResponse[] = [];
  afterEach(() => {
    sender?.close();
    for (const res of held.splice(0)) res.destroy();
    server?.close();
  });

  async function listen(answer: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => answer(req, res, body));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  it('sends one at a time and drops the oldest waiting alert past the queue bound', async () => {
    const bodies: string[] = [];
    const url = await listen((_req, res, body) => {
      bodies.push(body);
      if (bodies.length === 1) held.push(res);
      else res.writeHead(200).end();
    });
    const results: string[] = [];
    sender = new AlertSender({ url, secret: 'k'.repeat(16), timeoutMs: 60_000, retries: 0, firstRetryMs: 1, queue: 2, logger, onResult: (r) => results.push(r) });
    for (let n = 1; n <= 5; n++) sender.send({ n });
    // #1 is in flight; #2 and #3 were pushed out of the queue by #4 and #5.
    expect(results).toEqual(['dropped', 'dropped']);
    await untilTrue('the first alert at the receiver', () => bodies.length === 1);
    held.shift()!.writeHead(204).end();
    await untilTrue('every alert delivered', () => results.filter((r) => r === 'sent').length === 3);
    expect(bodies.map((b) => (JSON.parse(b) as { n: number }).n)).toEqual([1, 4, 5]);
  });

  it('retries a failing receiver with the same signed body, then gives up and says so', async () => {
    const got: Array<{ body: string; signature: unknown }> = [];
    const url = await listen((req, res, body) => {
      got.push({ body, signature: req.headers['x-firebridge-signature'] });
      res.writeHead(500).end();
    });
    const results: string[] = [];
    sender = new AlertSender({ url, secret: 's'.repeat(16), timeoutMs: 60_000, retries: 2, firstRetryMs: 1, queue: 10, logger, onResult: (r) => results.push(r) });
    sender.send({ event: 'fraud.block' });
    await untilTrue('the alert given up', () => results.length === 1);
    expect(results).toEqual(['failed']);
    expect(got).toHaveLength(3);
    for (const g of got) expect(g).toEqual({ body: '{"event":"fraud.block"}', signature: alertSignature('{"event":"fraud.block"}', 's'.repeat(16)) });
  });
});
