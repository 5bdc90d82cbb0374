// The live trace's pure parts: what a request is about and which filters it meets, the caller's
// subscriber adding to the request's own subjects, and how attributes are shown — secrets masked.
import { describe, expect, it } from 'vitest';
import { RequestTrace } from '../../src/app/trace/capture.js';
import { showReplyAttributes, showRequestAttributes } from '../../src/app/trace/event.js';
import { filterMatches, requestSubject } from '../../src/app/trace/subject.js';
import { traceFilterOf } from '../../src/app/trace/watch.js';
import { Attr, AttributeReader, type Attribute } from '../../src/radius/index.js';
import type { CallContext } from '../../src/rules/index.js';
import type { TraceWatcher } from '../../src/store/index.js';

const text = (type: number, value: string): Attribute => ({ type, value: Buffer.from(value) });
const int = (type: number, n: number): Attribute => {
  const value = Buffer.alloc(4);
  value.writeUInt32BE(n);
  return { type, value };
};

const watcher = (id: string, kind: TraceWatcher['filter']['kind'], value: string): TraceWatcher => ({ id, filter: { kind, value }, expiresAt: Date.now() + 10_000 });

describe('trace subjects', () => {
  const subject = requestSubject(
    new AttributeReader([text(Attr.CalledStationId, '201'), text(Attr.CallingStationId, '01632960123'), text(Attr.DigestUsername, 'alice'), text(Attr.NasIdentifier, 'fb2500.example')]),
    'fb1',
  );

  it.each([
    ['number', '201', true],
    ['number', '01632960123', true],
    ['number', '20', false],
    ['user', 'alice', true],
    ['user', 'bob', false],
    ['firebrick', 'fb1', true],
    ['firebrick', 'fb2500.example', true],
    ['firebrick', 'fb2', false],
  ] as const)('%s %s matches: %s', (kind, value, matches) => {
    expect(filterMatches({ kind, value }, subject)).toBe(matches);
  });

  it('adds the watchers of the caller’s subscriber (number, user, realm:user) when the call is routed', () => {
    const watchers = [watcher('n', 'number', '301'), watcher('u', 'user', 'firebridge:bob'), watcher('other', 'number', '999')];
    const trace = new RequestTrace(watchers, { numbers: ['0123'], users: [], firebricks: ['fb1'] });
    expect(trace.matched.size).toBe(0);
    const ctx: CallContext = {
      method: 'INVITE',
      called: '0123',
      calling: undefined,
      source: { kind: 'subscriber', subscriber: { username: 'bob', realm: 'firebridge', number: '301' } },
      firebrick: { client: 'fb1', nasIdentifier: undefined },
      at: new Date(),
    };
    expect(trace.call(ctx)).toBe(true);
    expect([...trace.matched].map((w) => w.id).sort()).toEqual(['n', 'u']);
  });

  it('takes exactly one filter', () => {
    expect(traceFilterOf({ number: '201' })).toEqual({ kind: 'number', value: '201' });
    expect(traceFilterOf({})).toMatch(/exactly one/);
    expect(traceFilterOf({ number: '201', user: 'alice' })).toMatch(/exactly one/);
  });
});

describe('trace attributes', () => {
  it('masks passwords and digest responses, hides vendor attributes’ contents, names integer values', () => {
    const vsa = Buffer.concat([Buffer.from([0, 0, 0x09, 0xa5]), Buffer.from('secret-in-a-vsa')]);
    expect(
      showRequestAttributes([
        text(Attr.UserName, 'alice'),
        text(Attr.UserPassword, 'pw-bytes'),
        text(3, 'chap'),
        text(Attr.DigestResponse, '0123456789abcdef0123456789abcdef'),
        { type: Attr.VendorSpecific, value: vsa },
        int(Attr.AcctStatusType, 2),
        { type: Attr.NasIpAddress, value: Buffer.from([192, 0, 2, 7]) },
      ]),
    ).toEqual([
      ['User-Name', 'alice'],
      ['User-Password', '(hidden)'],
      ['CHAP-Password', '(hidden)'],
      ['Digest-Response', '(hidden)'],
      ['Vendor-Specific', 'vendor 2469, 15 octets'],
      ['Acct-Status-Type', 'Stop'],
      ['NAS-IP-Address', '192.0.2.7'],
    ]);
    expect(showReplyAttributes([[Attr.ReplyMessage, 'Busy'], [Attr.SessionTimeout, 60], [Attr.VendorSpecific, vsa]])).toEqual([
      ['Reply-Message', 'Busy'],
      ['Session-Timeout', '60'],
      ['Vendor-Specific', 'vendor 2469, 15 octets'],
    ]);
  });
});
