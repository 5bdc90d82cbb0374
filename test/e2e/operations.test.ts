// Issue 7: metrics after real traffic, failure policies with Redis killed and restarted, two
// instances on one Redis, and the signals of the real `firebridge serve` process.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attr, Code } from '../../src/radius/index.js';
import { FirebrickStandIn } from '../support/firebrick-standin.js';
import { freeTcpPort, startRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { rulesDirWith, startTestServer, TEST_SECRET, type TestServer } from '../support/server.js';
import { uniquePrefix } from '../support/stores.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const REALM = 'firebridge';
const carrierCall = [
  [Attr.UserName, '@primary'],
  [Attr.DigestMethod, 'INVITE'],
  [Attr.CalledStationId, '999'],
] as const;

describe('metrics and health', () => {
  let server: TestServer;
  let fb: FirebrickStandIn;
  beforeAll(async () => {
    server = await startTestServer();
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
  });
  afterAll(async () => {
    fb?.close();
    await server?.stop();
  });

  it('counts requests and drops, and reports ready', async () => {
    for (let i = 0; i < 3; i++) expect((await fb.send(Code.AccessRequest, [...carrierCall]))?.code).toBe(Code.AccessAccept);
    await fb.sendRaw(Buffer.from('garbage that is not RADIUS'), server.authPort, 200);
    const port = server.running.metricsPort()!;
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toMatch(/firebridge_requests_total\{client="fb4",code="Access-Request",reply="Access-Accept",outcome="route-accept"\} 3/);
    expect(text).toMatch(/firebridge_dropped_packets_total\{reason="malformed",client="fb4"\} 1/);
    expect(text).toMatch(/firebridge_request_duration_seconds_count\{code="Access-Request"\} 3/);
    expect(text).toMatch(/firebridge_rules_loaded \d+/);
    expect(text).toMatch(/firebridge_store_ready 1/);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', store: 'redis' });
  });
});

describe.each(['drop', 'reject', 'static'] as const)('failure policy %s with Redis killed and restarted', (policy) => {
  let redis: RedisServerHandle;
  let server: TestServer;
  let fb: FirebrickStandIn;
  beforeAll(async () => {
    redis = await startRedisServer();
    const fallback = rulesDirWith({ 'fallback.yaml': 'rules:\n  - { name: fallback, route: [{ carrier: backup }] }\n' });
    server = await startTestServer({
      redis: { url: redis.url, keyPrefix: 'p:', commandTimeoutMs: 150, failurePolicy: policy, ...(policy === 'static' ? { fallbackRulesDir: fallback } : {}) },
    });
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    await server.store.setLookup('did:1', '1');
  });
  afterAll(async () => {
    fb?.close();
    await server?.stop();
    await redis?.stop();
  });

  it('behaves as configured while Redis is down, and recovers by itself', async () => {
    const digestRequest = [
      [Attr.DigestMethod, 'INVITE'],
      [Attr.DigestUsername, 'alice'],
      [Attr.DigestRealm, REALM],
      [Attr.DigestNonce, 'n'],
      [Attr.DigestUri, 'sip:201@x'],
      [Attr.DigestResponse, md5('x')],
    ] as const;
    expect((await fb.send(Code.AccessRequest, [...carrierCall]))?.code).toBe(Code.AccessAccept);
    await redis.kill();
    const during = await fb.send(Code.AccessRequest, [...digestRequest], 1_000);
    const carrierDuring = await fb.send(Code.AccessRequest, [[Attr.UserName, '@primary'], [Attr.DigestMethod, 'INVITE'], [Attr.CalledStationId, '441632960100']], 1_000);
    if (policy === 'drop') {
      expect(during).toBeUndefined();
      expect(carrierDuring).toBeUndefined();
    } else if (policy === 'reject') {
      expect(during?.code).toBe(Code.AccessReject);
      expect(during!.attrs.text(Attr.ReplyMessage)).toBe('Service temporarily unavailable');
    } else {
      expect(during).toBeUndefined(); // digest requests cannot be verified without the store
      expect(carrierDuring?.code).toBe(Code.AccessAccept);
      expect(carrierDuring!.attrs.text(Attr.CalledStationId)).toBe('@backup');
    }
    await redis.restart();
    let after;
    for (let i = 0; i < 30 && after?.code !== Code.AccessAccept; i++) {
      after = await fb.send(Code.AccessRequest, [...carrierCall], 300);
    }
    expect(after?.code).toBe(Code.AccessAccept);
  });
});

describe('two instances on one Redis', () => {
  let a: TestServer;
  let b: TestServer;
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  it('agree on registrations and share the nonce key', async () => {
    const prefix = uniquePrefix();
    a = await startTestServer({ redis: { url: (await import('vitest')).inject('redisUrl'), keyPrefix: prefix } });
    b = await startTestServer({ redis: { url: (await import('vitest')).inject('redisUrl'), keyPrefix: prefix } });
    await a.store.subscribers.put({ username: 'alice', realm: REALM, ha1: { MD5: md5(`alice:${REALM}:pw`) }, number: '201', enabled: true });
    const fa = new FirebrickStandIn('127.0.0.1', a.authPort, a.acctPort);
    const fbB = new FirebrickStandIn('127.0.0.1', b.authPort, b.acctPort);
    // Challenge from A, answer to B: the nonce verifies on B.
    const challenge = await fa.send(Code.AccessRequest, [[Attr.DigestMethod, 'REGISTER'], [Attr.DigestUri, 'sip:x']]);
    const response = fbB.answer(challenge!, {
      method: 'REGISTER',
      username: 'alice',
      password: 'pw',
      uri: 'sip:x',
      base: [[Attr.DigestMethod, 'REGISTER'], [Attr.DigestUri, 'sip:x'], [Attr.SipAor, 'sip:alice@192.0.2.1'], [Attr.SessionTimeout, 300]],
    });
    expect((await fbB.send(Code.AccessRequest, response))?.code).toBe(Code.AccessAccept);
    expect(await a.store.registrations.isRegistered('201')).toBe(true);
    fa.close();
    fbB.close();
  });
});

describe('the firebridge serve process', () => {
  it('reloads rules on SIGHUP (refusing a broken set) and stops cleanly on SIGTERM', async () => {
    const rulesDir = rulesDirWith({ 'a.yaml': 'rules:\n  - { name: one, route: [] }\n' });
    const auth = await freeTcpPort();
    const acct = await freeTcpPort();
    const configFile = join(rulesDir, '..', `fb-${auth}.yaml`);
    const { inject } = await import('vitest');
    writeFileSync(
      configFile,
      stringify({
        listen: { host: '127.0.0.1', auth, acct },
        clients: [{ name: 'fb4', address: '127.0.0.1', secret: TEST_SECRET }],
        redis: { url: inject('redisUrl'), keyPrefix: uniquePrefix() },
        rules: { dir: rulesDir, watch: false },
        metrics: { enabled: false },
        api: { enabled: false },
        log: { format: 'json' },
      }),
    );
    const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
    const child = spawn(process.execPath, [main, 'serve', '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const waitFor = async (re: RegExp): Promise<void> => {
      for (let i = 0; i < 100 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toMatch(re);
    };
    await waitFor(/firebridge listening/);
    writeFileSync(join(rulesDir, 'b.yaml'), 'rules:\n  - { name: two, route: [] }\n');
    child.kill('SIGHUP');
    await waitFor(/"rules":2.*routing rules reloaded/);
    writeFileSync(join(rulesDir, 'c.yaml'), 'rules:\n  - { name: broken }\n');
    child.kill('SIGHUP');
    await waitFor(/routing rules refused/);
    const fb = new FirebrickStandIn('127.0.0.1', auth, acct);
    expect((await fb.send(Code.AccessRequest, [...carrierCall]))?.code).toBe(Code.AccessAccept);
    fb.close();
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toMatch(/shutting down/);
  });
});
