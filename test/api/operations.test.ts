// The admin API's operational routes over real HTTP against a real server: live calls and hanging
// one up (Disconnect-Request to a FireBrick stand-in, the Stop awaited), call records as pages, CSV and
// chart summaries, rule checks and dry runs, lockouts and fraud blocks — each refused to a role
// below its own with nothing changed.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attr, Code, type OutgoingAttribute } from '../../src/radius/index.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { type DisconnectListener, FirebrickStandIn } from '../support/firebrick-standin.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { untilTrue } from '../support/wait.js';

let server: TestServer;
let t: TestApi;
let fb: FirebrickStandIn;
let disconnects: DisconnectListener;

const start = (session: string, to: string, from = '201'): OutgoingAttribute[] => [
  [Attr.AcctStatusType, 1],
  [Attr.AcctSessionId, session],
  [Attr.AcctMultiSessionId, `${session}@call`],
  [Attr.CalledStationId, to],
  [Attr.CallingStationId, from],
];
const stop = (session: string, seconds: number): OutgoingAttribute[] => [
  [Attr.AcctStatusType, 2],
  [Attr.AcctSessionId, session],
  [Attr.AcctSessionTime, seconds],
];

beforeAll(async () => {
  server = await startTestServer();
  fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
  disconnects = await fb.listenForDisconnect();
  const clients = server.config.clients.map((c) => ({ ...c, disconnectPort: disconnects.port }));
  t = await startTestApi(server, {}, { ...server.config, clients });
});
afterAll(async () => {
  await t?.api.close();
  disconnects?.close();
  fb?.close();
  await server?.stop();
});


describe('/api/calls', () => {
  it('lists live legs, and hangs one up for an operator: Disconnect-Request sent once, its Stop awaited', async () => {
    expect((await fb.send(Code.AccountingRequest, start('live-1', '01632960001')))?.code).toBe(Code.AccountingResponse);
    const listed = await t.call('GET', '/api/calls', { role: 'read-only' });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ sessionId: 'live-1', firebrick: 'fb4', called: '01632960001', calling: '201', answered: false })]);

    const refused = await t.call('POST', '/api/calls/live-1/hangup', { role: 'read-only', body: {} });
    expect(refused.status).toBe(403);
    expect(disconnects.requestsFor('live-1')).toBe(0);

    const hung = await t.call('POST', '/api/calls/live-1/hangup', { role: 'operator', body: { waitSeconds: 5 } });
    expect(hung).toMatchObject({ status: 200, body: { outcome: 'stopped', message: 'live-1: disconnected by fb4 (Disconnect-ACK, Stop recorded)' } });
    expect(disconnects.requestsFor('live-1')).toBe(1);
    expect((await t.call('GET', '/api/calls', { role: 'read-only' })).body).toEqual([]);
    const gone = await t.call('POST', '/api/calls/live-1/hangup', { role: 'operator', body: {} });
    expect(gone).toMatchObject({ status: 404, body: { error: 'no-leg' } });
    expect((await t.call('POST', '/api/calls/x/hangup', { role: 'operator', body: { waitSeconds: 999 } })).status).toBe(400);
    expect(await t.audit('call:live-1')).toEqual([expect.objectContaining({ who: { kind: 'operator', name: 'test-operator' }, what: 'hangup', after: { outcome: 'stopped' } })]);
  });
});

describe('/api/records', () => {
  beforeAll(async () => {
    for (const [session, to, seconds] of [['r-1', '01632960101', 30], ['r-2', '01632960102', 0], ['r-3', '01632960101', 90]] as const) {
      await fb.send(Code.AccountingRequest, start(session, to));
      if (seconds > 0) {
        await fb.send(Code.AccountingRequest, [[Attr.AcctStatusType, 3], [Attr.AcctSessionId, session], [Attr.AcctSessionTime, 1]]);
      }
      await fb.send(Code.AccountingRequest, stop(session, seconds));
    }
    await untilTrue('the records', async () => (await server.store.calls.records(0, 100)).length >= 4);
  });

  it('pages the records matching a filter, oldest first', async () => {
    const page = await t.call('GET', '/api/records?number=01632960101&limit=1', { role: 'read-only' });
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(2);
    expect(page.body.records.map((r: Record<string, string>) => r.session_id)).toEqual(['r-1']);
    const next = await t.call('GET', '/api/records?number=01632960101&limit=1&offset=1', { role: 'read-only' });
    expect(next.body.records.map((r: Record<string, string>) => r.session_id)).toEqual(['r-3']);
    expect((await t.call('GET', '/api/records?since=yesterday-ish', { role: 'read-only' })).status).toBe(400);
    expect((await t.call('GET', '/api/records')).status).toBe(401);
  });

  it('exports every match as CSV with a header row', async () => {
    const csv = await t.call('GET', '/api/records?format=csv', { role: 'read-only' });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parse(csv.text, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.session_id)).toEqual(expect.arrayContaining(['live-1', 'r-1', 'r-2', 'r-3']));
    expect(rows.find((r) => r.session_id === 'r-3')).toMatchObject({ called: '01632960101', connected_seconds: '90', answered: '1' });
  });

  it('summarises them for the charts: per hour, ASR and ACD per FireBrick, top dialled numbers', async () => {
    const s = await t.call('GET', '/api/records/summary', { role: 'read-only' });
    expect(s.status).toBe(200);
    expect(s.body.legs).toBe(4);
    const fb4 = s.body.byFirebrick.find((g: { key: string }) => g.key === 'fb4');
    // live-1 (hung up after 60 s connected), r-1 (30 s) and r-3 (90 s) answered; r-2 did not.
    expect(fb4).toMatchObject({ legs: 4, answered: 3, asr: 0.75, acdSeconds: 60 });
    expect(s.body.topCalled[0]).toEqual({ called: '01632960101', legs: 2 });
    expect(s.body.perHour.reduce((a: number, h: { legs: number }) => a + h.legs, 0)).toBe(4);
  });
});

describe('/api/rules', () => {
  const good = 'rules:\n  - name: all-to-201\n    route: [{ tel: "201" }]\n';
  const bad = 'rules:\n  - name: broken\n    route: [{ tel: "${nope}" }]\n';

  it('checks a proposed set without serving it, naming each problem at its file:line:column', async () => {
    expect((await t.call('POST', '/api/rules/check', { role: 'read-only', body: { files: { '10-a.yaml': good } } })).body).toEqual({ valid: true, rules: 1, problems: [] });
    const r = await t.call('POST', '/api/rules/check', { role: 'read-only', body: { files: { '10-a.yaml': bad } } });
    expect(r.status).toBe(200);
    expect(r.body.valid).toBe(false);
    expect(r.body.problems).toEqual([expect.objectContaining({ file: '10-a.yaml', line: 3, path: 'rules[0].route[0].tel', message: 'unknown variable ${nope}' })]);
    expect((await t.call('POST', '/api/rules/check', { role: 'read-only', body: { files: { '../etc/passwd': good } } })).status).toBe(400);
  });

  it('dry-runs a call against the served rules or a proposed set, with the trace and the reply attributes', async () => {
    const served = await t.call('POST', '/api/rules/dry-run', { role: 'read-only', body: { to: '999', carrier: 'carrier' } });
    expect(served.status).toBe(200);
    expect(served.body.rule).toMatchObject({ name: expect.any(String) });
    expect(Array.isArray(served.body.trace)).toBe(true);
    const proposed = await t.call('POST', '/api/rules/dry-run', { role: 'read-only', body: { to: '5555', files: { '10-a.yaml': good } } });
    expect(proposed.body).toMatchObject({ rule: { name: 'all-to-201' }, reply: { code: 'Access-Accept', attributes: [['Called-Station-Id', 'tel:201']] } });
    const broken = await t.call('POST', '/api/rules/dry-run', { role: 'read-only', body: { to: '5555', files: { '10-a.yaml': bad } } });
    expect(broken.status).toBe(422);
    expect(broken.body.problems[0].path).toMatch(/^10-a\.yaml:3:\d+: rules\[0\]\.route\[0\]\.tel$/);
    expect((await t.call('POST', '/api/rules/dry-run', { role: 'read-only', body: { to: '5555', user: 'nobody' } })).body).toMatchObject({ error: 'invalid-request', message: 'no subscriber nobody in realm firebridge' });
  });
});

describe('/api/lockouts and /api/fraud', () => {
  it('lists lockouts and unlocks for an operator only', async () => {
    await server.store.guard.recordFailure([{ scope: 'source', id: '198.51.100.9', maxFailures: 1 }], { windowMs: 60_000, lockoutMs: 600_000 });
    const listed = await t.call('GET', '/api/lockouts', { role: 'read-only' });
    expect(listed.body).toEqual([{ scope: 'source', id: '198.51.100.9', remainingSeconds: expect.any(Number) }]);
    expect((await t.call('DELETE', '/api/lockouts/source/198.51.100.9', { role: 'read-only' })).status).toBe(403);
    expect(await server.store.guard.lockouts()).toHaveLength(1);
    expect(await t.audit('lockout:source:198.51.100.9')).toEqual([]);
    expect((await t.call('DELETE', '/api/lockouts/source/198.51.100.9', { role: 'operator' })).status).toBe(204);
    expect(await server.store.guard.lockouts()).toEqual([]);
    expect(await t.audit('lockout:source:198.51.100.9')).toEqual([expect.objectContaining({ who: { kind: 'operator', name: 'test-operator' }, what: 'unlock' })]);
  });

  it('lists fraud blocks and clears a subject for an operator only', async () => {
    const subject = 'subscriber:firebridge:mallory';
    await server.store.fraud.block({ subject, cls: 'international', metric: 'callsPerMinute', value: 9, limit: 5, at: Date.now() }, 600_000);
    const listed = await t.call('GET', '/api/fraud/blocks', { role: 'read-only' });
    expect(listed.body).toEqual([expect.objectContaining({ subject, class: 'international', metric: 'callsPerMinute', value: 9, limit: 5 })]);
    expect((await t.call('DELETE', `/api/fraud/${encodeURIComponent(subject)}`, { role: 'read-only' })).status).toBe(403);
    expect((await t.call('DELETE', '/api/fraud/mallory', { role: 'operator' })).status).toBe(400);
    expect((await t.call('DELETE', `/api/fraud/${encodeURIComponent(subject)}`, { role: 'operator' })).body.removed).toBeGreaterThan(0);
    expect((await t.call('GET', '/api/fraud/blocks', { role: 'read-only' })).body).toEqual([]);
    expect(await t.audit(`fraud:${subject}`)).toEqual([expect.objectContaining({ who: { kind: 'operator', name: 'test-operator' }, what: 'fraud clear', after: { removed: expect.any(Number) } })]);
  });
});
