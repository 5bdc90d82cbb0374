// sip.js as an independent client: its DigestAuthentication (own pure-JS MD5, libraries.md) computes
// the UA's response, we carry the values the way a FireBrick would and check them with verifyDigest.
//
// The path of a value: the UA hashes the raw text, then writes it into the Authorization header as
// a quoted-string, escaping `"` and `\` (RFC 3261 §25.1 quoted-pair). The FireBrick strips the
// quotes and keeps the escapes (RFC 5090 §2.1.2). firebridge un-escapes before hashing. sip.js itself
// neither escapes in toString() nor un-escapes challenge values, so the header step is done here.
import fc from 'fast-check';
import { Core } from 'sip.js';
import { describe, expect, it } from 'vitest';
import { computeHa1, unescapeDigestValue, verifyDigest, type DigestInput } from '../../src/digest/index.js';

/** What the UA writes between the quotes. */
const quoteEscape = (s: string): string => s.replace(/[\\"]/g, (c) => `\\${c}`);
/** What the FireBrick puts in the Digest-* attribute: the quoted text, escapes kept. */
const attribute = (s: string): string => quoteEscape(s);

const loggerFactory = new Core.LoggerFactory();
loggerFactory.builtinEnabled = false;

/** sip.js keeps its results in TypeScript-private fields; they are plain properties at run time. */
interface DigestAuthState {
  readonly response: string;
  readonly cnonce: string;
  readonly ncHex: string;
  readonly qop: string | undefined;
}

interface Case {
  username: string;
  password: string;
  realm: string;
  nonce: string;
  uri: string;
  method: string;
  qop: boolean;
  algorithmParam: boolean;
  rounds: number;
}

function sipjsAnswers(c: Case): DigestAuthState[] {
  const auth = new Core.DigestAuthentication(loggerFactory, undefined, c.username, c.password);
  // authenticate() reads only `method` and `ruri` from the request (ruri is used through string
  // concatenation, so a string stands in for the URI object).
  const request = { method: c.method, ruri: c.uri } as unknown as Core.OutgoingRequestMessage;
  // The challenge object is what sip.js's grammar makes of WWW-Authenticate; values unescaped here.
  const challenge = {
    realm: c.realm,
    nonce: c.nonce,
    ...(c.qop ? { qop: ['auth'] } : {}),
    ...(c.algorithmParam ? { algorithm: 'MD5' } : {}),
  };
  const out: DigestAuthState[] = [];
  // The same instance counts nc up on every authenticate() call.
  for (let i = 0; i < c.rounds; i++) {
    expect(auth.authenticate(request, challenge)).toBe(true);
    const s = auth as unknown as DigestAuthState;
    out.push({ response: s.response, cnonce: s.cnonce, ncHex: s.ncHex, qop: s.qop });
  }
  return out;
}

/** The Access-Request as firebridge's caller hands it to verifyDigest: attribute text, un-escaped. */
function received(c: Case, s: DigestAuthState): DigestInput {
  return {
    username: unescapeDigestValue(attribute(c.username)),
    realm: unescapeDigestValue(attribute(c.realm)),
    nonce: unescapeDigestValue(attribute(c.nonce)),
    uri: unescapeDigestValue(attribute(c.uri)),
    method: c.method,
    response: s.response,
    ...(c.algorithmParam ? { algorithm: 'MD5' } : {}),
    ...(s.qop !== undefined ? { qop: s.qop, nc: s.ncHex, cnonce: unescapeDigestValue(attribute(s.cnonce)) } : {}),
  };
}

// Text with the characters that need escaping over-represented, plus arbitrary Unicode.
const special = fc.constantFrom('"', '\\', '\\"', '\\\\', ':', ' ', '@', 'é', '😀');
const text = (minLength: number) =>
  fc
    .array(fc.oneof(special, fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }), fc.string({ minLength: 1, maxLength: 8 })), {
      minLength,
      maxLength: 5,
    })
    .map((parts) => parts.join(''))
    .filter((s) => s.length >= minLength);

const caseArb: fc.Arbitrary<Case> = fc.record({
  username: text(1),
  password: text(0),
  realm: text(1),
  nonce: fc.oneof(fc.stringMatching(/^[0-9a-f]{8,32}$/), text(1)),
  uri: fc.oneof(
    fc.tuple(fc.stringMatching(/^[0-9a-z+.]{1,15}$/), fc.domain()).map(([u, d]) => `sip:${u}@${d}`),
    text(1),
  ),
  method: fc.constantFrom('REGISTER', 'INVITE', 'REFER', 'SUBSCRIBE', 'OPTIONS', 'BYE'),
  qop: fc.boolean(),
  algorithmParam: fc.boolean(),
  rounds: fc.integer({ min: 1, max: 3 }),
});

describe('sip.js DigestAuthentication as oracle', () => {
  it('the RFC 5090 §6 user through sip.js', () => {
    const c: Case = {
      username: '12345678',
      password: 'secret',
      realm: 'example.com',
      nonce: '3bada1a0',
      uri: 'sip:97226491335@example.com',
      method: 'INVITE',
      qop: true,
      algorithmParam: true,
      rounds: 2,
    };
    const [first, second] = sipjsAnswers(c);
    expect(first!.ncHex).toBe('00000001');
    expect(second!.ncHex).toBe('00000002');
    for (const s of [first!, second!]) expect(verifyDigest(received(c, s), { password: 'secret' }).ok).toBe(true);
  });

  it('a username with " and \\ verifies only after un-escaping', () => {
    const c: Case = {
      username: 'o"brien\\x',
      password: 'pw',
      realm: 'realm "a"\\b',
      nonce: 'abcdef01',
      uri: 'sip:201@example.com',
      method: 'REGISTER',
      qop: true,
      algorithmParam: false,
      rounds: 1,
    };
    const [s] = sipjsAnswers(c);
    const input = received(c, s!);
    expect(input.username).toBe('o"brien\\x');
    expect(verifyDigest(input, { password: 'pw' }).ok).toBe(true);
    // Hashing the attribute text as received (escapes still in) gets it wrong.
    const raw = { ...input, username: attribute(c.username), realm: attribute(c.realm) };
    expect(verifyDigest(raw, { password: 'pw' })).toMatchObject({ ok: false, reason: 'bad-response' });
  });

  it('random users, passwords, realms and URIs verify with the password and with a stored HA1 (fast-check)', () => {
    let withSpecials = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        if (/["\\]/.test(c.username + c.realm)) withSpecials++;
        const ha1 = computeHa1('MD5', c.username, c.realm, c.password);
        for (const s of sipjsAnswers(c)) {
          const input = received(c, s);
          expect(input.qop).toBe(c.qop ? 'auth' : undefined);
          const byPassword = verifyDigest(input, { password: c.password });
          expect(byPassword.ok).toBe(true);
          expect(verifyDigest(input, { ha1: { MD5: ha1 } })).toEqual(byPassword);
          // …and the wrong password fails.
          expect(verifyDigest(input, { password: `${c.password}!` })).toMatchObject({ ok: false, reason: 'bad-response' });
        }
      }),
      { seed: 0x5eed, numRuns: 400 },
    );
    // The generator really exercised the escaping path.
    expect(withSpecials).toBeGreaterThan(100);
  });
});
