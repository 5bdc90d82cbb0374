// /api/subscribers over real HTTP: the list (never a password or HA1), and a CSV import validated
// whole — a bad row refused with its line and nothing written, a good file written — for an operator only.
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

const csv = (body: string, role: 'read-only' | 'operator' = 'operator') => t.call('POST', '/api/subscribers/import', { role, raw: body, contentType: 'text/csv' });

describe('/api/subscribers', () => {
  it('refuses a file with a bad row, naming each line, and writes nothing', async () => {
    const r = await csv('username,password,number,max_calls\nerin,pw,221,2\nfrank,pw,22x,lots\nerin,pw,223,1\n');
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: 'invalid-request',
      message: 'import refused, nothing written (3 problems)',
      problems: [
        { path: 'line 3', message: 'column "number": "22x" is not a number (digits, optionally a leading +)' },
        { path: 'line 3', message: 'column "max_calls": "lots" is not a whole number ≥ 0' },
        { path: 'line 4', message: 'subscriber erin@firebridge again (first at line 2)' },
      ],
    });
    expect(await server.store.subscribers.list()).toEqual([]);
  });

  it('imports a good file for an operator, refuses a read-only token, and lists without secrets', async () => {
    const file = 'username,password,number,max_calls,enabled\nerin,pw-erin,221,2,yes\nfrank,pw-frank,222,,no\n';
    expect((await csv(file, 'read-only')).status).toBe(403);
    expect(await server.store.subscribers.list()).toEqual([]);
    expect(await csv(file)).toMatchObject({ status: 200, body: { imported: 2 } });
    const listed = await t.call('GET', '/api/subscribers', { role: 'read-only' });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      { username: 'erin', realm: 'firebridge', number: '221', cui: null, enabled: true, maxRegistrations: null, maxCalls: 2, maxDuration: null, present: [] },
      { username: 'frank', realm: 'firebridge', number: '222', cui: null, enabled: false, maxRegistrations: null, maxCalls: null, maxDuration: null, present: [] },
    ]);
    expect(listed.text).not.toContain('pw-erin');
    expect(JSON.stringify(listed.body)).not.toMatch(/ha1/i);
  });
});
