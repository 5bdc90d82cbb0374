// /api/fax over real HTTP: FaxBack accounts and DIDs added, shown, changed and deleted as `firebridge
// fax account|did` does it — the same values refused with the same reasons naming the field,
// passwords kept as hashes and never returned — each change for an operator only, nothing changed
// otherwise, and audited in the token's name without the password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/faxback/password.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let t: TestApi;

beforeAll(async () => {
  server = await startTestServer();
  t = await startTestApi(server);
});
afterAll(async () => {
  await t?.api.close();
  await server?.stop();
});


describe('/api/fax/accounts', () => {
  it('adds an account for an operator only, the password hashed and never shown; 409 again in any case', async () => {
    const body = { name: 'Acme', password: 'fax-secret', send: false, customer: 'Acme Ltd', receiveFormat: 3 };
    expect((await t.call('POST', '/api/fax/accounts', { body })).status).toBe(401);
    expect((await t.call('POST', '/api/fax/accounts', { role: 'read-only', body })).status).toBe(403);
    expect(await server.store.fax.accounts()).toEqual([]);
    const r = await t.call('POST', '/api/fax/accounts', { role: 'operator', body });
    expect(r).toMatchObject({ status: 201, body: { name: 'Acme', password: 'set', send: false, receive: true, customer: 'Acme Ltd', receiveFormat: 3, type: 'private' } });
    expect(r.text).not.toContain('fax-secret');
    expect(r.text).not.toContain('scrypt');
    const stored = await server.store.fax.account('acme');
    expect(stored?.password).toBeUndefined();
    expect(await verifyPassword('fax-secret', stored!.passwordHash!)).toBe(true);
    expect((await t.call('POST', '/api/fax/accounts', { role: 'operator', body: { name: 'ACME' } })).status).toBe(409);
    const [added] = await t.audit('fax-account:Acme');
    expect(added).toMatchObject({ who: { kind: 'operator', name: 'test-operator' }, what: 'fax account add', after: { send: false, customer: 'Acme Ltd', password: '(set)' } });
    expect(JSON.stringify(added)).not.toContain('fax-secret');
  });

  it('refuses bad values naming the field, writing nothing', async () => {
    const r = await t.call('POST', '/api/fax/accounts', { role: 'operator', body: { name: 'this name is far too long for faxback', send: 'maybe', type: 'load-balance', callAhead: 'sometimes' } });
    expect(r.status).toBe(400);
    expect(r.body.problems.map((p: { path: string }) => p.path)).toEqual(['body.name', 'body.type', 'body.send', 'body.callAhead']);
    const failover = await t.call('PATCH', '/api/fax/accounts/acme', { role: 'operator', body: { failoverAccount: 'nobody' } });
    expect(failover.body.problems).toEqual([{ path: 'body.failoverAccount', message: 'no fax account "nobody"' }]);
    expect((await t.call('PATCH', '/api/fax/accounts/acme', { role: 'operator', body: { colour: 'red' } })).status).toBe(400);
    expect((await server.store.fax.accounts()).map((a) => a.name)).toEqual(['Acme']);
    expect(await t.audit('fax-account:Acme')).toHaveLength(1);
  });

  it('lists, shows with links, and changes only what is given', async () => {
    expect((await t.call('GET', '/api/fax/accounts', { role: 'read-only' })).body).toEqual([expect.objectContaining({ name: 'Acme', password: 'set' })]);
    expect((await t.call('PATCH', '/api/fax/accounts/acme', { role: 'read-only', body: { send: true } })).status).toBe(403);
    const r = await t.call('PATCH', '/api/fax/accounts/acme', { role: 'operator', body: { send: true, customer: null, password: 'new-secret' } });
    expect(r).toMatchObject({ status: 200, body: { name: 'Acme', send: true, customer: null, receiveFormat: 3 } });
    expect(await verifyPassword('new-secret', (await server.store.fax.account('acme'))!.passwordHash!)).toBe(true);
    const [set] = await t.audit('fax-account:Acme');
    expect(set).toMatchObject({ what: 'fax account set', before: { send: false, customer: 'Acme Ltd' }, after: { send: true, password: '(set)' } });
    expect(JSON.stringify(set)).not.toContain('new-secret');
    expect((await t.call('PATCH', '/api/fax/accounts/nobody', { role: 'operator', body: { send: true } })).status).toBe(404);
  });
});

describe('/api/fax/dids', () => {
  it('adds, shows, changes and lists DIDs for an operator only', async () => {
    expect((await t.call('POST', '/api/fax/dids', { role: 'read-only', body: { did: '4420700', account: 'acme' } })).status).toBe(403);
    const bad = await t.call('POST', '/api/fax/dids', { role: 'operator', body: { did: '44 20', account: 'acme', lineNum: 'two' } });
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0].path).toBe('body.did');
    expect((await t.call('POST', '/api/fax/dids', { role: 'operator', body: { did: '4420700', account: 'acme', lineNum: 'two' } })).body.problems).toEqual([{ path: 'body.lineNum', message: '"two" is not a whole number from 0 to 4294967295' }]);
    expect((await t.call('POST', '/api/fax/dids', { role: 'operator', body: { did: '4420700', account: 'nobody' } })).body.problems[0].path).toBe('body.account');
    expect(await server.store.fax.dids()).toEqual([]);

    const made = await t.call('POST', '/api/fax/dids', { role: 'operator', body: { did: '4420700', account: 'acme', lineNum: 2 } });
    expect(made).toMatchObject({ status: 201, body: { did: '4420700', account: 'Acme', enabled: true, lineNum: 2 } });
    expect((await t.call('POST', '/api/fax/dids', { role: 'operator', body: { did: '4420700', account: 'acme' } })).status).toBe(409);
    const changed = await t.call('PATCH', '/api/fax/dids/4420700', { role: 'operator', body: { enabled: false, lineNum: null } });
    expect(changed).toMatchObject({ status: 200, body: { enabled: false, lineNum: null } });
    expect((await t.call('GET', '/api/fax/dids?account=ACME', { role: 'read-only' })).body).toEqual([expect.objectContaining({ did: '4420700', enabled: false })]);
    expect((await t.call('GET', '/api/fax/dids/4420700', { role: 'read-only' })).body).toMatchObject({ account: 'Acme' });
    expect((await t.call('GET', '/api/fax/accounts/acme', { role: 'read-only' })).body).toMatchObject({ dids: ['4420700'] });
    const [set, add] = await t.audit('fax-did:4420700');
    expect(set).toMatchObject({ what: 'fax did set', before: { enabled: true, lineNum: 2 }, after: { enabled: false, lineNum: null } });
    expect(add).toMatchObject({ what: 'fax did add', who: { name: 'test-operator' } });
  });

  it('refuses to delete an account a DID points at unless forced; deletes DIDs for an operator only', async () => {
    const refused = await t.call('DELETE', '/api/fax/accounts/acme', { role: 'operator' });
    expect(refused).toMatchObject({ status: 409, body: { error: 'in-use' } });
    expect(await server.store.fax.account('acme')).toBeDefined();
    expect((await t.call('DELETE', '/api/fax/dids/4420700', { role: 'read-only' })).status).toBe(403);
    expect((await t.call('DELETE', '/api/fax/dids/4420700', { role: 'operator' })).status).toBe(204);
    expect((await t.call('DELETE', '/api/fax/dids/4420700', { role: 'operator' })).status).toBe(404);
    expect((await t.audit('fax-did:4420700'))[0]).toMatchObject({ what: 'fax did del', before: { account: 'Acme' } });

    await t.call('POST', '/api/fax/dids', { role: 'operator', body: { did: '*', account: 'acme' } });
    expect((await t.call('DELETE', '/api/fax/accounts/acme?force=true', { role: 'read-only' })).status).toBe(403);
    const forced = await t.call('DELETE', '/api/fax/accounts/acme?force=true', { role: 'operator' });
    expect(forced).toMatchObject({ status: 200, body: { deleted: 'Acme', dids: ['*'] } });
    expect(await server.store.fax.accounts()).toEqual([]);
    expect(await server.store.fax.dids()).toEqual([]);
    expect((await t.audit('fax-account:Acme'))[0]).toMatchObject({ what: 'fax account del', before: { customer: null, send: true, passwordState: 'set' } });
  });
});
