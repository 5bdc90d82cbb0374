// The admin API over real HTTP: every route answers its role and refuses the others, with nothing
// changed; validation problems name the field; oversized bodies are refused; the OpenAPI document
// describes every route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { runCli, configFileFor } from '../support/cli.js';

let server: TestServer;
let t: TestApi;

const binding = (number: string, id: string) => ({
  id,
  number,
  subscriber: 'firebridge:alice',
  contact: `sip:${number}@192.0.2.9:5060`,
  contactParts: undefined,
  sourceAddress: '192.0.2.9',
  sourcePort: 5060,
  behindNat: false,
  userAgent: 'Test/1',
  callId: `${id}@phone`,
  firebrick: 'fb4',
  nasIdentifier: undefined,
  registeredAt: Date.now(),
  expiresAt: Date.now() + 3_600_000,
});

beforeAll(async () => {
  server = await startTestServer();
  t = await startTestApi(server, { bodyLimitBytes: 4096 });
});
afterAll(async () => {
  await t?.api.close();
  await server?.stop();
});

describe('admin API authentication', () => {
  it.each([
    ['no token', undefined],
    ['not a token', 'hello'],
    ['an unknown token', `fbt_000000000000_${'A'.repeat(43)}`],
  ])('answers 401 to %s, the same way', async (_, token) => {
    const r = await t.call('GET', '/api/status', token !== undefined ? { token } : {});
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: 'unauthorized', message: 'a valid bearer token is required' });
    expect(r.headers.get('www-authenticate')).toBe('Bearer realm="firebridge"');
  });

  it('answers 401 to a known id with a wrong secret', async () => {
    const [, id] = /^fbt_([0-9a-f]{12})_/.exec(t.tokens.admin)!;
    expect((await t.call('GET', '/api/status', { token: `fbt_${id}_${'B'.repeat(43)}` })).status).toBe(401);
  });
});

describe('GET /api/status', () => {
  it('summarises the store, rules and clients for any role', async () => {
    const r = await t.call('GET', '/api/status', { role: 'read-only' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ store: { kind: 'redis', ready: true }, clients: [{ name: 'fb4', kind: 'firebrick' }, { name: 'fb6', kind: 'firebrick' }] });
    expect(r.body.rules.loaded).toBeGreaterThan(0);
  });
});

describe('/api/registrations', () => {
  it('finds bindings by number and subscriber; flushing needs the operator role, and a refused flush changes nothing', async () => {
    await server.store.registrations.register(binding('201', 'b1'), 0);
    await server.store.registrations.register(binding('202', 'b2'), 0);
    const found = await t.call('GET', '/api/registrations?number=201', { role: 'read-only' });
    expect(found.status).toBe(200);
    expect(found.body).toHaveLength(1);
    expect(found.body[0]).toMatchObject({ number: '201', subscriber: 'firebridge:alice', contact: 'sip:201@192.0.2.9:5060', nasIdentifier: null });
    expect((await t.call('GET', '/api/registrations?subscriber=alice', { role: 'read-only' })).body).toHaveLength(2);
    const unknownFilter = await t.call('GET', '/api/registrations?colour=red', { role: 'read-only' });
    expect(unknownFilter.status).toBe(400);

    const refused = await t.call('DELETE', '/api/registrations/201', { role: 'read-only' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('forbidden');
    expect(await server.store.registrations.count('201')).toBe(1);
    expect((await t.call('DELETE', '/api/registrations/201')).status).toBe(401);
    expect(await server.store.registrations.count('201')).toBe(1);

    expect((await t.audit('number:201'))).toEqual([]);

    const flushed = await t.call('DELETE', '/api/registrations/201', { role: 'operator' });
    expect(flushed).toMatchObject({ status: 200, body: { removed: 1 } });
    expect(await server.store.registrations.count('201')).toBe(0);
    expect((await t.audit('number:201'))).toEqual([
      { id: expect.any(String), at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), who: { kind: 'operator', name: 'test-operator' }, subject: 'number:201', what: 'regs flush', before: {}, after: { removed: 1 } },
    ]);
  });
});

describe('/api/tokens', () => {
  it('is for admins: create (shown once), list, revoke — and a revoked token gets 401', async () => {
    expect((await t.call('GET', '/api/tokens', { role: 'operator' })).status).toBe(403);
    const made = await t.call('POST', '/api/tokens', { role: 'admin', body: { name: 'noc', role: 'read-only' } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: 'noc', role: 'read-only' });
    expect(made.body.token).toMatch(/^fbt_[0-9a-f]{12}_/);
    expect((await t.call('GET', '/api/status', { token: made.body.token })).status).toBe(200);
    const listed = await t.call('GET', '/api/tokens', { role: 'admin' });
    expect(listed.body.map((x: { name: string }) => x.name)).toContain('noc');
    expect(JSON.stringify(listed.body)).not.toContain(made.body.token.slice(17));
    expect((await t.call('DELETE', `/api/tokens/${made.body.id}`, { role: 'admin' })).status).toBe(204);
    expect((await t.call('GET', '/api/status', { token: made.body.token })).status).toBe(401);
    expect((await t.call('DELETE', `/api/tokens/${made.body.id}`, { role: 'admin' })).status).toBe(404);
    const trail = (await t.audit(`token:${made.body.id}`));
    expect(trail).toEqual([
      expect.objectContaining({ who: { kind: 'operator', name: 'test-admin' }, what: 'token revoke', before: { name: 'noc', role: 'read-only', token: '(set)' }, after: {} }),
      expect.objectContaining({ who: { kind: 'operator', name: 'test-admin' }, what: 'token add', before: {}, after: { name: 'noc', role: 'read-only', token: '(set)' } }),
    ]);
    expect(JSON.stringify(trail)).not.toContain(made.body.token.slice(17));
  });

  it('refuses a bad body naming the field, and a body over api.bodyLimitBytes with 413, creating nothing', async () => {
    const before = (await server.store.tokens.list()).length;
    const bad = await t.call('POST', '/api/tokens', { role: 'admin', body: { name: 'x', role: 'root' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid-request');
    expect(bad.body.problems.map((p: { path: string }) => p.path)).toEqual(['body.role']);
    const big = await t.call('POST', '/api/tokens', { role: 'admin', raw: JSON.stringify({ name: 'x'.repeat(5000), role: 'admin' }) });
    expect(big.status).toBe(413);
    const notJson = await t.call('POST', '/api/tokens', { role: 'admin', raw: '{"name":', contentType: 'application/json' });
    expect(notJson.status).toBe(400);
    expect((await server.store.tokens.list()).length).toBe(before);
    expect((await t.call('GET', '/api/audit?limit=1000', { role: 'read-only' })).body.filter((r: { what: string }) => r.what === 'token add')).toHaveLength(1);
  });

  it('takes tokens made by `firebridge token add`, which prints the token once', async () => {
    const added = await runCli(['token', 'add', 'cli-made', '--role', 'operator', '--config', configFileFor(server.config)]);
    expect(added.code).toBe(0);
    const token = added.stdout.trim();
    expect(added.stderr).toMatch(/token "cli-made" \(operator, id [0-9a-f]{12}\) created/);
    expect((await t.call('DELETE', '/api/registrations/999', { token })).status).toBe(200);
    const listed = await runCli(['token', 'list', '--json', '--config', configFileFor(server.config)]);
    expect(listed.stdout).toContain('"name":"cli-made"');
    expect(listed.stdout).not.toContain(token.slice(17));
    expect((await runCli(['token', 'revoke', 'cli-made', '--config', configFileFor(server.config)])).code).toBe(0);
    expect((await t.call('GET', '/api/status', { token })).status).toBe(401);
    expect((await runCli(['token', 'add', 'x', '--role', 'root', '--config', configFileFor(server.config)])).stderr).toMatch(/one of read-only, operator, admin/);
  });
});

describe('routes that change things', () => {
  it('answer 401 without a token and change nothing', async () => {
    const before = await server.store.audit.list({ count: 1000 });
    for (const [method, path, body] of [
      ['POST', '/api/subscribers', { username: 'x', password: 'p' }],
      ['PATCH', '/api/subscribers/firebridge/alice', { dnd: true }],
      ['DELETE', '/api/subscribers/firebridge/alice', undefined],
      ['POST', '/api/groups', { name: 'g', members: ['201'] }],
      ['PATCH', '/api/groups/g', { ringTime: 5 }],
      ['DELETE', '/api/groups/g', undefined],
      ['PUT', '/api/lcr/uk', undefined],
      ['DELETE', '/api/lcr/uk', undefined],
      ['POST', '/api/fax/accounts', { name: 'a' }],
      ['PATCH', '/api/fax/accounts/a', { send: true }],
      ['DELETE', '/api/fax/accounts/a', undefined],
      ['POST', '/api/fax/dids', { did: '1', account: 'a' }],
      ['PATCH', '/api/fax/dids/1', { enabled: false }],
      ['DELETE', '/api/fax/dids/1', undefined],
      ['GET', '/api/audit', undefined],
    ] as const) {
      expect((await t.call(method, path, body !== undefined ? { body } : {})).status, `${method} ${path}`).toBe(401);
    }
    expect(await server.store.audit.list({ count: 1000 })).toEqual(before);
    expect(await server.store.subscribers.list()).toEqual([]);
    expect(await server.store.groups.list()).toEqual([]);
    expect(await server.store.fax.accounts()).toEqual([]);
  });

  it('let the operator commands reach the audit trail and LCR tables through the store channel', async () => {
    const listed = await t.call('POST', '/api/store/audit/list', { role: 'admin', body: { args: [{ count: 1 }] } });
    expect(listed.status).toBe(200);
    expect((await t.call('POST', '/api/store/lcr/list', { role: 'admin', body: { args: [] } })).status).toBe(200);
  });
});

describe('GET /api/openapi.json', () => {
  it('describes every route with its methods', async () => {
    const r = await t.call('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    expect(Object.keys(r.body.paths)).toEqual(expect.arrayContaining(['/api/registrations', '/api/registrations/{number}', '/api/status', '/api/tokens', '/api/tokens/{id}', '/api/calls/{sessionId}/hangup', '/api/trace', '/api/audit', '/api/subscribers/{realm}/{username}', '/api/groups', '/api/groups/{name}', '/api/groups/import', '/api/lcr', '/api/lcr/{table}', '/api/fax/accounts', '/api/fax/accounts/{name}', '/api/fax/dids', '/api/fax/dids/{did}']));
    // Every route but the document itself needs a token, and says which role.
    for (const [path, methods] of Object.entries(r.body.paths as Record<string, unknown>)) {
      for (const [method, op] of Object.entries(methods as Record<string, { tags?: string[]; description?: string }>)) {
        expect(op.description, `${method} ${path}`).toMatch(/^Needs the (read-only|operator|admin) role/);
      }
    }
    expect(r.body.paths['/api/tokens'].post.requestBody.content['application/json'].schema.properties.role.enum).toEqual(['read-only', 'operator', 'admin']);
  });
});
