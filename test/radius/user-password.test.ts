// User-Password (RFC 2865 §5.2): revealed against an independent implementation of the RFC formula,
// against radclient's own encoding over real UDP, and every malformed length refused by name.
import { createHash } from 'node:crypto';
import { createSocket } from 'node:dgram';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hideUserPassword, parsePacket, revealUserPassword, Attr, AttributeReader } from '../../src/radius/index.js';
import { radclient } from '../support/radclient.js';
import { available } from '../support/tools.js';

const secret = Buffer.from('xyzzy5461');
const authenticator = Buffer.from('0f403f9473978057bd83d5cb98f4227a', 'hex');

/** The RFC formula written out again, block by block, sharing no code with the module. */
function rfcHide(password: Buffer, s: Buffer, ra: Buffer): Buffer {
  const padded = Buffer.alloc(Math.max(16, Math.ceil(password.length / 16) * 16));
  password.copy(padded);
  const out: Buffer[] = [];
  let prev = ra;
  for (let i = 0; i < padded.length; i += 16) {
    const b = createHash('md5').update(s).update(prev).digest();
    const c = Buffer.from(padded.subarray(i, i + 16).map((p, j) => p ^ b[j]!));
    out.push(c);
    prev = c;
  }
  return Buffer.concat(out);
}

describe('revealUserPassword', () => {
  it('reveals what the RFC formula hides, one block and several', () => {
    for (const p of ['arctangent', 'a', 'exactly-16-bytes', 'a password longer than sixteen octets, three blocks']) {
      const hidden = rfcHide(Buffer.from(p), secret, authenticator);
      const r = revealUserPassword(hidden, secret, authenticator);
      expect(r).toEqual({ ok: true, password: Buffer.from(p) });
    }
  });

  it('hides as the RFC formula does (round trip for any password up to 128 octets)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 128 }).filter((a) => a[a.length - 1] !== 0), fc.uint8Array({ minLength: 16, maxLength: 16 }), (p, ra) => {
        const pw = Buffer.from(p);
        const hidden = hideUserPassword(pw, secret, Buffer.from(ra));
        expect(hidden.equals(rfcHide(pw, secret, Buffer.from(ra)))).toBe(true);
        const r = revealUserPassword(hidden, secret, Buffer.from(ra));
        expect(r.ok && r.password.equals(pw)).toBe(true);
      }),
    );
  });

  it.each([
    [0, 'empty'],
    [15, 'not-a-multiple-of-16'],
    [17, 'not-a-multiple-of-16'],
    [144, 'too-long'],
  ] as const)('refuses a value of %i octets as %s', (length, problem) => {
    const r = revealUserPassword(Buffer.alloc(length, 1), secret, authenticator);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toBe(problem);
  });

  it('accepts the 128-octet maximum and refuses a bad authenticator', () => {
    expect(revealUserPassword(Buffer.alloc(128, 7), secret, authenticator).ok).toBe(true);
    const r = revealUserPassword(Buffer.alloc(16), secret, Buffer.alloc(4));
    expect(r.ok === false && r.problem).toBe('bad-authenticator');
  });

  it('a wrong secret gives a different password, not an error', () => {
    const hidden = hideUserPassword('secret-pw', secret, authenticator);
    const r = revealUserPassword(hidden, Buffer.from('other'), authenticator);
    expect(r.ok && r.password.toString()).not.toBe('secret-pw');
  });
});

describe.skipIf(!available('radclient'))('revealUserPassword against radclient', () => {
  it('reveals the password radclient hid in a real Access-Request', async () => {
    const socket = createSocket('udp4');
    const got = new Promise<Buffer>((resolve) => socket.once('message', (msg) => resolve(msg)));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const port = socket.address().port;
    const password = 'pässword with a long tail 1234567890';
    try {
      const run = radclient(`127.0.0.1:${port}`, 'auth', 'radclient-secret', ['User-Name = "account"', `User-Password = "${password}"`], { timeoutSeconds: 0.5 });
      const datagram = await got;
      await run;
      const parsed = parsePacket(datagram);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const value = new AttributeReader(parsed.packet.attributes).first(Attr.UserPassword)!;
      const r = revealUserPassword(value, Buffer.from('radclient-secret'), parsed.packet.authenticator);
      expect(r.ok && r.password.toString('utf8')).toBe(password);
    } finally {
      socket.close();
    }
  });
});
