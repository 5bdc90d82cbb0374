// Issue 9 with sipp as the phone: the XML scenarios in this directory run against `firebridge lab`
// in front of a real in-process firebridge. sipp computes the digest responses itself. Needs sipp
// (test/support/tools.ts: installed by the test setup as root, else skipped with a line saying so).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { available } from '../support/tools.js';
import { runSipp, seedSubscribers, startTestLab, type LabHandle, type SippResult } from './support.js';

function explain(r: SippResult): string {
  return `sipp exited ${r.code}\n--- stdout ---\n${r.stdout.slice(-4_000)}\n--- stderr ---\n${r.stderr}\n--- logs ---\n${r.logs}`;
}

describe.skipIf(!available('sipp'))('firebridge lab driven by sipp (issue 9)', () => {
  let server: TestServer;
  let lab: LabHandle;

  beforeAll(async () => {
    server = await startTestServer();
    await seedSubscribers(server);
    lab = await startTestLab(server);
  });
  afterAll(async () => {
    await lab?.lab.stop();
    await server?.stop();
  });

  const run = async (scenario: string): Promise<void> => {
    const r = await runSipp(scenario, lab.lab.address.port);
    expect(r.code, explain(r)).toBe(0);
  };

  it('REGISTER with digest authentication: 401, then 200 (and firebridge records the binding)', async () => {
    await run('register.xml');
    const bindings = await server.store.registrations.bindings('201');
    expect(bindings).toHaveLength(1);
    expect(bindings[0]).toMatchObject({ subscriber: 'firebridge:alice', userAgent: 'sipp lab test', expiresAt: expect.any(Number) });
  });

  it('REGISTER with a wrong password: 401, then 403 with a Warning', async () => {
    await run('register-wrong-password.xml');
    const event = await lab.waitFor((e) => e.kind === 'request' && e.method === 'REGISTER' && e.status === 403);
    expect(event).toMatchObject({ from: '202', reply: { code: 'Access-Reject' } });
    expect(await server.store.registrations.bindings('202')).toHaveLength(0);
  });

  it('INVITE to the registered extension: 200 with the ring-then-voicemail plan; the call is accounted', async () => {
    await run('invite-registered.xml');
    const event = await lab.waitFor((e) => e.kind === 'request' && e.method === 'INVITE' && e.to === '201' && e.status === 200);
    expect(event.kind === 'request' && event.summary).toBe('route plan: tel:201 | 20+sip:vm-201@voicemail.example.com');
    const stop = await lab.waitFor((e) => e.kind === 'accounting' && e.status === 'Stop' && event.kind === 'request' && e.callId === event.callId);
    expect(stop.kind === 'accounting' && stop.error).toBeFalsy();
  });

  it('INVITE to an unregistered extension: 200 with voicemail only', async () => {
    await run('invite-unregistered.xml');
    const event = await lab.waitFor((e) => e.kind === 'request' && e.method === 'INVITE' && e.to === '203' && e.status === 200);
    expect(event.kind === 'request' && event.summary).toBe('route plan: sip:vm-203@voicemail.example.com');
  });
});
