// /api/subscribers over real HTTP: the list (never a password or HA1), one subscriber with its call
// features, add, change and delete as `firebridge subscriber add|set|del` do them, and a CSV import
// validated whole — a bad row refused with its line and nothing written, a good file written — each
// change for an operator only and written to the audit trail in the token's name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeHa1 } from '../../src/digest/index.js';
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
      { username: 'erin', realm: 'firebridge', number: '221', cui: null, enabled: true, maxRegistrations: null, maxCalls: 2, maxDuration: null, present: [], features: {} },
      { username: 'frank', realm: 'firebridge', number: '222', cui: null, enabled: false, maxRegistrations: null, maxCalls: null, maxDuration: null, present: [], features: {} },
    ]);
    expect(listed.text).not.toContain('pw-erin');
    expect(JSON.stringify(listed.body)).not.toMatch(/ha1/i);
  });
});


describe('/api/subscribers/{realm}/{username}', () => {
  const carol = { username: 'carol', realm: 'office', password: 'pw-carol', number: '231', maxCalls: 2, forward: '07700900123@carrierA', simRing: ['203', 'sip:desk@pbx.example'] };

  it('adds a subscriber for an operator, storing HA1s only, and refuses it again with 409', async () => {
    expect((await t.call('POST', '/api/subscribers', { body: carol })).status).toBe(401);
    expect((await t.call('POST', '/api/subscribers', { role: 'read-only', body: carol })).status).toBe(403);
    expect(await server.store.subscribers.get('office', 'carol')).toBeUndefined();

    const made = await t.call('POST', '/api/subscribers', { role: 'operator', body: carol });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ username: 'carol', realm: 'office', number: '231', maxCalls: 2, enabled: true, forward: '07700900123@carrierA', simRing: ['tel:203', 'sip:desk@pbx.example'], credentials: ['HA1 MD5', 'HA1 SHA-256', 'HA1 SHA-512-256'] });
    expect(made.text).not.toContain('pw-carol');
    const stored = await server.store.subscribers.get('office', 'carol');
    expect(stored?.password).toBeUndefined();
    expect(stored?.ha1.MD5).toBe(computeHa1('MD5', 'carol', 'office', 'pw-carol'));

    const again = await t.call('POST', '/api/subscribers', { role: 'operator', body: carol });
    expect(again).toMatchObject({ status: 409, body: { error: 'exists' } });
    const [added] = await t.audit('subscriber:office:carol');
    expect(added).toMatchObject({ who: { kind: 'operator', name: 'test-operator' }, what: 'subscriber add', before: {}, after: { number: '231', maxCalls: 2, fwd: '07700900123@carrierA', password: '(set)' } });
    expect(JSON.stringify(added)).not.toContain('pw-carol');
  });

  it('shows one subscriber with its features (as subscriber show), 404 for an unknown one', async () => {
    const shown = await t.call('GET', '/api/subscribers/office/carol', { role: 'read-only' });
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      username: 'carol', realm: 'office', number: '231', cui: null, enabled: true, maxRegistrations: null, maxCalls: 2, present: [], maxDuration: null,
      forward: '07700900123@carrierA', forwardMode: 'legs', forwardNoAnswer: null, answerTimeout: null, forwardUnreachable: null, dnd: false, dndMode: 'reject',
      voicemail: null, followMe: [], simRing: ['tel:203', 'sip:desk@pbx.example'], credentials: ['HA1 MD5', 'HA1 SHA-256', 'HA1 SHA-512-256'],
    });
    expect(JSON.stringify(shown.body)).not.toMatch(/[0-9a-f]{32}/);
    expect((await t.call('GET', '/api/subscribers/office/nobody', { role: 'read-only' })).status).toBe(404);
    const listed = (await t.call('GET', '/api/subscribers', { role: 'read-only' })).body as Array<Record<string, unknown>>;
    expect(listed.find((s) => s.username === 'carol')?.features).toEqual({ forward: '07700900123@carrierA', simRing: ['tel:203', 'sip:desk@pbx.example'] });
  });

  it('refuses a bad value naming its field, and writes nothing', async () => {
    const before = await server.store.subscribers.get('office', 'carol');
    for (const [body, path] of [
      [{ forward: 'not a destination' }, 'body.forward'],
      [{ followMe: ['201', '1000+202'] }, 'body.followMe.1'],
      [{ voicemail: 'tel:201' }, 'body.voicemail'],
      [{ number: '23x' }, 'body.number'],
      [{ present: ['nonsense'] }, 'body.present'],
      [{ forwardUnreachable: 'voicemail' }, 'body.voicemail'],
      [{ maxCalls: -1 }, 'body.maxCalls'],
      [{ colour: 'red' }, 'body'],
    ] as const) {
      const r = await t.call('PATCH', '/api/subscribers/office/carol', { role: 'operator', body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.problems.map((p: { path: string }) => p.path), JSON.stringify(body)).toContain(path);
    }
    expect(await server.store.subscribers.get('office', 'carol')).toEqual(before);
    expect(await t.audit('subscriber:office:carol')).toHaveLength(1);
  });

  it('changes only the fields given (features, limits, password), audits the changed ones, refuses other roles', async () => {
    const change = { dnd: true, dndMode: 'voicemail', voicemail: 'sip:vm-231@vm.example', forward: null, followMe: ['15+202'], noAnswerSeconds: 25, forwardNoAnswer: 'voicemail', maxCalls: null, enabled: false, password: 'new-pw' };
    expect((await t.call('PATCH', '/api/subscribers/office/carol', { body: change })).status).toBe(401);
    expect((await t.call('PATCH', '/api/subscribers/office/carol', { role: 'read-only', body: change })).status).toBe(403);
    expect((await server.store.subscribers.get('office', 'carol'))?.features?.dnd).toBeUndefined();

    const r = await t.call('PATCH', '/api/subscribers/office/carol', { role: 'operator', body: change });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ number: '231', maxCalls: null, enabled: false, forward: null, dnd: true, dndMode: 'voicemail', voicemail: 'sip:vm-231@vm.example', followMe: ['15+tel:202'], forwardNoAnswer: 'voicemail', answerTimeout: 25, simRing: ['tel:203', 'sip:desk@pbx.example'] });
    expect((await server.store.subscribers.get('office', 'carol'))?.ha1.MD5).toBe(computeHa1('MD5', 'carol', 'office', 'new-pw'));
    expect((await t.call('PATCH', '/api/subscribers/office/nobody', { role: 'operator', body: { dnd: true } })).status).toBe(404);

    const [set] = await t.audit('subscriber:office:carol');
    expect(set).toMatchObject({ who: { name: 'test-operator' }, what: 'subscriber set' });
    expect(set!.before).toEqual({ enabled: true, maxCalls: 2, fwd: '07700900123@carrierA' });
    expect(set!.after).toEqual({ enabled: false, dnd: '1', dnd_mode: 'voicemail', voicemail: 'sip:vm-231@vm.example', follow_me: '15+tel:202', fwd_noanswer: 'voicemail', noanswer_secs: '25', password: '(set)' });
    expect(JSON.stringify(set)).not.toContain('new-pw');
    // The same values again change nothing, and write nothing.
    await t.call('PATCH', '/api/subscribers/office/carol', { role: 'operator', body: { dnd: true } });
    expect(await t.audit('subscriber:office:carol')).toHaveLength(2);
  });

  it('keeps the features of a subscriber a CSV import replaces, and audits each row', async () => {
    const r = await t.call('POST', '/api/subscribers/import', { role: 'operator', raw: 'username,realm,password,number\ncarol,office,pw-3,232\n', contentType: 'text/csv' });
    expect(r.status).toBe(200);
    expect((await server.store.subscribers.get('office', 'carol'))).toMatchObject({ number: '232', features: { dnd: true, voicemail: 'sip:vm-231@vm.example' } });
    const [imported] = await t.audit('subscriber:office:carol');
    expect(imported).toMatchObject({ what: 'subscriber import', who: { name: 'test-operator' }, before: { number: '231' }, after: { number: '232', password: '(set)' } });
  });

  it('deletes for an operator only, 404 after, and audits what it was', async () => {
    expect((await t.call('DELETE', '/api/subscribers/office/carol')).status).toBe(401);
    expect((await t.call('DELETE', '/api/subscribers/office/carol', { role: 'read-only' })).status).toBe(403);
    expect(await server.store.subscribers.get('office', 'carol')).toBeDefined();
    expect((await t.call('DELETE', '/api/subscribers/office/carol', { role: 'operator' })).status).toBe(204);
    expect(await server.store.subscribers.get('office', 'carol')).toBeUndefined();
    expect((await t.call('DELETE', '/api/subscribers/office/carol', { role: 'operator' })).status).toBe(404);
    const [deleted] = await t.audit('subscriber:office:carol');
    expect(deleted).toMatchObject({ what: 'subscriber del', after: {}, before: { number: '232', dnd: '1' } });
  });
});
