// /api/groups over real HTTP: ring groups added, shown, changed, deleted and imported from CSV as
// `firebridge group …` does it — bad members, numbers and options refused naming the field, a bad CSV
// row with its line — each change for an operator only, nothing changed otherwise, and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const sales = { name: 'sales', number: '300', strategy: 'cascade', delay: 15, members: ['201', 'sip:desk@pbx.example'], fallback: 'sip:vm@example.com' };

describe('/api/groups', () => {
  it('adds a group for an operator only; 401 and 403 add nothing; 409 when it exists', async () => {
    expect((await t.call('POST', '/api/groups', { body: sales })).status).toBe(401);
    expect((await t.call('POST', '/api/groups', { role: 'read-only', body: sales })).status).toBe(403);
    expect(await server.store.groups.list()).toEqual([]);
    const made = await t.call('POST', '/api/groups', { role: 'operator', body: sales });
    expect(made).toMatchObject({ status: 201, body: { name: 'sales', number: '300', strategy: 'cascade', delay: 15, members: ['201', 'sip:desk@pbx.example'], fallback: 'sip:vm@example.com', ringTime: null } });
    expect((await t.call('POST', '/api/groups', { role: 'operator', body: sales })).status).toBe(409);
    const [added] = await t.audit('group:sales');
    expect(added).toMatchObject({ who: { kind: 'operator', name: 'test-operator' }, what: 'group add', before: {}, after: { number: '300', members: ['201', 'sip:desk@pbx.example'] } });
  });

  it('refuses bad members, options and names naming each field, writing nothing', async () => {
    const r = await t.call('POST', '/api/groups', { role: 'operator', body: { name: 'support', members: ['201', 'not a destination', '201'], strategy: 'random', number: '3x0' } });
    expect(r.status).toBe(400);
    expect(r.body.problems).toEqual([
      { path: 'body.members', message: expect.stringContaining('"not a destination"') },
      { path: 'body.members', message: '201 is a member twice' },
      { path: 'body.strategy', message: 'strategy "random" is not one of all, cascade, round-robin' },
      { path: 'body.number', message: 'number "3x0" is not a number (digits, *, #, a leading +)' },
    ]);
    expect((await t.call('POST', '/api/groups', { role: 'operator', body: { name: '1bad', members: ['201'] } })).body.problems).toEqual([{ path: 'body.name', message: expect.stringContaining('is not a group name') }]);
    expect((await t.call('POST', '/api/groups', { role: 'operator', body: { name: 'other', members: ['202'], number: '300' } })).status).toBe(409);
    expect((await t.call('PATCH', '/api/groups/sales', { role: 'operator', body: { removeMembers: ['205'] } })).body.problems).toEqual([{ path: 'body.removeMembers', message: '205 is not a member of sales' }]);
    expect((await t.call('PATCH', '/api/groups/sales', { role: 'operator', body: { delay: 0 } })).body.problems[0].path).toBe('body.delay');
    expect((await server.store.groups.list()).map((g) => g.name)).toEqual(['sales']);
    expect(await t.audit('group:sales')).toHaveLength(1);
  });

  it('lists and shows groups with how the next call rings', async () => {
    expect((await t.call('GET', '/api/groups', { role: 'read-only' })).body).toEqual([expect.objectContaining({ name: 'sales' })]);
    const shown = await t.call('GET', '/api/groups/sales', { role: 'read-only' });
    expect(shown.status).toBe(200);
    expect(shown.body.nextCall).toMatch(/sales/);
    expect((await t.call('GET', '/api/groups/nobody', { role: 'read-only' })).status).toBe(404);
    expect((await t.call('GET', '/api/groups/300', { role: 'read-only' })).status).toBe(400);
  });

  it('changes only what is given for an operator, and audits the changed fields', async () => {
    const change = { addMembers: ['203'], removeMembers: ['sip:desk@pbx.example'], fallback: null, ringTime: 30 };
    expect((await t.call('PATCH', '/api/groups/sales', { body: change })).status).toBe(401);
    expect((await t.call('PATCH', '/api/groups/sales', { role: 'read-only', body: change })).status).toBe(403);
    const r = await t.call('PATCH', '/api/groups/sales', { role: 'operator', body: change });
    expect(r).toMatchObject({ status: 200, body: { members: ['201', '203'], fallback: null, ringTime: 30, number: '300', strategy: 'cascade' } });
    const [set] = await t.audit('group:sales');
    expect(set).toMatchObject({ what: 'group set', before: { members: ['201', 'sip:desk@pbx.example'], fallback: 'sip:vm@example.com', ringTime: null }, after: { members: ['201', '203'], ringTime: 30, fallback: null } });
    expect((await t.call('PATCH', '/api/groups/nobody', { role: 'operator', body: { ringTime: 5 } })).status).toBe(404);
  });

  it('imports a CSV file whole: a bad row refused with its line and nothing written, a good file written and audited', async () => {
    const header = 'name,number,strategy,delay,members,fallback,ring_time\n';
    const bad = await t.call('POST', '/api/groups/import', { role: 'operator', raw: `${header}support,310,all,,202 203,,\nsupport2,300,all,,not@a@dest,,\n`, contentType: 'text/csv' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^import refused, nothing written/);
    expect(bad.body.problems.every((p: { path: string }) => p.path === 'line 3')).toBe(true);
    expect(bad.body.problems.length).toBeGreaterThan(0);
    expect((await server.store.groups.list()).map((g) => g.name)).toEqual(['sales']);

    const good = `${header}support,310,all,,202 203,,\nsales,300,round-robin,10,201 202,,\n`;
    expect((await t.call('POST', '/api/groups/import', { role: 'read-only', raw: good, contentType: 'text/csv' })).status).toBe(403);
    expect((await t.call('POST', '/api/groups/import', { raw: good, contentType: 'text/csv' })).status).toBe(401);
    expect((await server.store.groups.list()).map((g) => g.name)).toEqual(['sales']);
    const r = await t.call('POST', '/api/groups/import', { role: 'operator', raw: good, contentType: 'text/csv' });
    expect(r).toMatchObject({ status: 200, body: { imported: 2, new: 1, replaced: 1 } });
    expect((await server.store.groups.get('sales'))?.strategy).toBe('round-robin');
    expect((await t.audit('group:support'))[0]).toMatchObject({ what: 'group import', before: {}, after: { number: '310' } });
    expect((await t.audit('group:sales'))[0]).toMatchObject({ what: 'group import', before: { strategy: 'cascade' }, after: { strategy: 'round-robin' } });
  });

  it('deletes for an operator only, and audits what it was', async () => {
    expect((await t.call('DELETE', '/api/groups/support', { role: 'read-only' })).status).toBe(403);
    expect(await server.store.groups.get('support')).toBeDefined();
    expect((await t.call('DELETE', '/api/groups/support', { role: 'operator' })).status).toBe(204);
    expect(await server.store.groups.get('support')).toBeUndefined();
    expect((await t.call('DELETE', '/api/groups/support', { role: 'operator' })).status).toBe(404);
    expect((await t.audit('group:support'))[0]).toMatchObject({ what: 'group del', after: {}, before: { number: '310' } });
  });
});
