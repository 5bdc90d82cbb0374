// /api/lcr over real HTTP: a table replaced whole from CSV (a bad row refused with its line and the
// table left as it was), listed, shown with the entries chosen for a number, and deleted — changes
// for an operator only, nothing changed otherwise, each audited in the token's name.
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

const put = (table: string, raw: string, role?: 'read-only' | 'operator') => t.call('PUT', `/api/lcr/${table}`, { ...(role ? { role } : {}), raw, contentType: 'text/csv' });
const GOOD = 'prefix,carrier,priority,rate,window\n4420,a,1,0.8,\n4420,b,2,1.1,\n4420,c,1,0.5,sat-sun\n44,cheap,1,0.1,\n';

describe('/api/lcr', () => {
  it('imports a table for an operator only; a bad file is refused with each line and nothing written', async () => {
    expect((await put('uk', GOOD)).status).toBe(401);
    expect((await put('uk', GOOD, 'read-only')).status).toBe(403);
    const bad = await put('uk', 'prefix,carrier,priority,rate\n4420,z,1,0.1\n44,,1,0.2\nabc,z,1,0.3\n', 'operator');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ message: 'import refused, nothing written (2 problems)', problems: [{ path: 'line 3', message: 'column "carrier" is empty' }, { path: 'line 4', message: expect.stringContaining('"abc" is not a number prefix') }] });
    expect(await server.store.lcr.list()).toEqual([]);
    expect((await put('bad name!', GOOD, 'operator')).body.problems[0].path).toBe('params.table');

    const r = await put('uk', GOOD, 'operator');
    expect(r).toMatchObject({ status: 200, body: { table: 'uk', entries: 4, prefixes: 2, source: 'api:test-operator' } });
    const [audit] = (await t.audit('lcr:uk'));
    expect(audit).toMatchObject({ who: { kind: 'operator', name: 'test-operator' }, what: 'lcr import', before: {}, after: { entries: 4, prefixes: 2 } });
  });

  it('lists tables and shows one, and the entries chosen for a number at a time (as lcr show)', async () => {
    expect((await t.call('GET', '/api/lcr', { role: 'read-only' })).body).toEqual([expect.objectContaining({ table: 'uk', entries: 4 })]);
    const table = await t.call('GET', '/api/lcr/uk?at=2026-11-23T10:00:00Z', { role: 'read-only' });
    expect(table.status).toBe(200);
    expect(table.body.entries.map((e: { carrier: string; now: string }) => `${e.carrier}:${e.now}`)).toEqual(['cheap:usable', 'c:outside window', 'a:usable', 'b:usable']);
    const monday = await t.call('GET', '/api/lcr/uk?number=442071234567&at=2026-11-23T10:00:00Z', { role: 'read-only' });
    expect(monday.body.note).toBe('lcr uk: prefix 4420 → @a (priority 1, rate 0.8), @b (priority 2, rate 1.1); @c (prefix 4420) skipped: outside sat-sun');
    expect(monday.body.skipped).toEqual([expect.objectContaining({ carrier: 'c', why: 'outside sat-sun' })]);
    const saturday = await t.call('GET', '/api/lcr/uk?number=442071234567&at=2026-11-28T10:00:00Z', { role: 'read-only' });
    expect(saturday.body.legs.map((l: { leg: string }) => l.leg)).toEqual(['@c', '998+@a', '999+@b']);
    expect((await t.call('GET', '/api/lcr/uk?number=44x', { role: 'read-only' })).body.problems[0].path).toBe('querystring.number');
    expect((await t.call('GET', '/api/lcr/none?number=44', { role: 'read-only' })).status).toBe(404);
  });

  it('deletes a table for an operator only, and audits it', async () => {
    expect((await t.call('DELETE', '/api/lcr/uk', { role: 'read-only' })).status).toBe(403);
    expect(await server.store.lcr.list()).toHaveLength(1);
    expect((await t.call('DELETE', '/api/lcr/uk', { role: 'operator' })).status).toBe(204);
    expect((await t.call('DELETE', '/api/lcr/uk', { role: 'operator' })).status).toBe(404);
    expect(await server.store.lcr.list()).toEqual([]);
    const [audit] = (await t.audit('lcr:uk'));
    expect(audit).toMatchObject({ what: 'lcr del', before: { entries: 4 }, after: {} });
  });
});
