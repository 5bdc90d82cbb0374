// Issue 4 through real UDP and real Redis, checked with `firebridge regs`.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attr, Code, type OutgoingAttribute } from '../../src/radius/index.js';
import { configFileFor, runCli, stderrBesideContext } from '../support/cli.js';
import { FirebrickStandIn } from '../support/firebrick-standin.js';
import { startTestServer, testRedis, type TestServer } from '../support/server.js';
import { REDIS_KINDS } from '../support/stores.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const REALM = 'firebridge';

function phone(contact: string, expires: number, ua = 'Yealink SIP-T46S 66.86.0.15'): OutgoingAttribute[] {
  return [
    [Attr.SipAor, contact],
    [Attr.SessionTimeout, expires],
    [Attr.Class, ua],
    [Attr.AcctMultiSessionId, `reg-${contact}`],
    [Attr.NasPortType, 5],
    [Attr.NasIdentifier, 'fb2500.example'],
  ];
}

describe.each(REDIS_KINDS)('registrations (issue 4) on %s', (kind) => {
  let server: TestServer;
  let fb: FirebrickStandIn;
  let cfg: string;
  const regs = async (...args: string[]): Promise<Array<Record<string, unknown>>> => {
    const r = await runCli(['regs', '--config', cfg, '--json', ...args]);
    expect(stderrBesideContext(r.stderr)).toBe('');
    return r.stdout.trim() ? r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [];
  };
  const register = (user: string, contact: string, expires: number) =>
    fb.authenticate({ method: 'REGISTER', username: user, password: `${user}-pw`, extra: phone(contact, expires) });

  beforeAll(async () => {
    server = await startTestServer({ redis: testRedis(kind), registration: { minExpiresSeconds: 1, maxExpiresSeconds: 600, defaultExpiresSeconds: 300 } });
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    cfg = configFileFor(server.config);
    await server.store.subscribers.put({ username: 'alice', realm: REALM, ha1: { MD5: md5(`alice:${REALM}:alice-pw`) }, number: '201', enabled: true, maxRegistrations: 2 });
    await server.store.subscribers.put({ username: 'bob', realm: REALM, ha1: { MD5: md5(`bob:${REALM}:bob-pw`) }, number: '202', enabled: true });
  });
  afterAll(async () => {
    fb?.close();
    await server?.stop();
  });

  it('registers, refreshes, takes a second phone, refuses a third, unregisters', async () => {
    const first = await register('alice', 'sip:alice@192.0.2.10:5060;transport=udp', 120);
    expect(first.reply?.code).toBe(Code.AccessAccept);
    expect(first.reply!.attrs.text(Attr.CallingStationId)).toBe('201');
    expect(first.reply!.attrs.integer(Attr.SessionTimeout)).toBe(120);
    let list = await regs('--number', '201');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      number: '201',
      subscriber: `${REALM}:alice`,
      contact: 'sip:alice@192.0.2.10:5060;transport=udp',
      contactParts: { user: 'alice', host: '192.0.2.10', port: 5060, transport: 'udp' },
      sourceAddress: '198.51.100.20',
      behindNat: true,
      userAgent: 'Yealink SIP-T46S 66.86.0.15',
      firebrick: 'fb4',
      nasIdentifier: 'fb2500.example',
    });

    const refresh = await register('alice', 'sip:alice@192.0.2.10:5060;transport=udp', 9999);
    expect(refresh.reply!.attrs.integer(Attr.SessionTimeout)).toBe(600); // clamped to the maximum
    expect(await regs('--number', '201')).toHaveLength(1);

    expect((await register('alice', 'sip:alice@192.0.2.11:5062', 120)).reply?.code).toBe(Code.AccessAccept);
    expect(await regs('--number', '201')).toHaveLength(2);

    const third = await register('alice', 'sip:alice@192.0.2.12:5060', 120);
    expect(third.reply?.code).toBe(Code.AccessReject);
    expect(third.reply!.attrs.text(Attr.ReplyMessage)).toBe('Too many registrations for this account');

    const gone = await register('alice', 'sip:alice@192.0.2.10:5060;transport=udp', 0);
    expect(gone.reply?.code).toBe(Code.AccessAccept);
    expect(gone.reply!.attrs.integer(Attr.SessionTimeout)).toBe(0);
    list = await regs('--number', '201');
    expect(list.map((b) => b.contact)).toEqual(['sip:alice@192.0.2.11:5062']);

    const table = await runCli(['regs', '--config', cfg]);
    expect(table.stdout).toContain('sip:alice@192.0.2.11:5062');
    expect(table.stdout).toContain('(NAT)');
  });

  it('lets a short registration expire without any sweeper', async () => {
    const r = await register('bob', 'sip:bob@192.0.2.20', 1);
    expect(r.reply!.attrs.integer(Attr.SessionTimeout)).toBe(1);
    // Read in-process, not through a spawned CLI: starting a process can take longer than the 1 s granted.
    expect(await server.store.registrations.bindings('202')).toHaveLength(1);
    // Poll (bounded) rather than sleep a guessed time: nothing but Redis' own expiry removes it.
    for (let i = 0; i < 50 && (await server.store.registrations.bindings('202')).length > 0; i++) await new Promise((res) => setTimeout(res, 100));
    expect(await regs('--number', '202')).toHaveLength(0);
    const show = await runCli(['regs', 'show', '202', '--config', cfg]);
    expect(show.code).toBe(3);
    expect(show.stderr).toContain('not registered');
  });

  it('reads SIP-AOR from 121 as the FireBrick manuals document it', async () => {
    const extra = phone('sip:bob@192.0.2.21', 60).map(([t, v]) => (t === Attr.SipAor ? ([121, v] as const) : ([t, v] as const)));
    const r = await fb.authenticate({ method: 'REGISTER', username: 'bob', password: 'bob-pw', extra });
    expect(r.reply?.code).toBe(Code.AccessAccept);
    expect((await regs('--number', '202')).map((b) => b.contact)).toContain('sip:bob@192.0.2.21');
  });

  it('flushes a number', async () => {
    await register('bob', 'sip:bob@192.0.2.22', 60);
    const r = await runCli(['regs', 'flush', '202', '--config', cfg]);
    expect(r.stdout).toMatch(/removed \d+ binding/);
    expect(await regs('--number', '202')).toHaveLength(0);
  });
});
