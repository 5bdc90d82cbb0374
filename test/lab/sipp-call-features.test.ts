// Issue 18 item 6 with sipp as the phone: calls through `firebridge lab` to a subscriber with call
// features and to a ring group's number, routed by the shipped rules (20-internal.yaml "extension
// with call features", 22-groups.yaml "ring group"). The scenarios check the route plan in the 200's
// body, leg by leg; the test checks the lab's decision line, the legs in order. Needs sipp
// (test/support/tools.ts), else skipped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { available } from '../support/tools.js';
import { REALM, md5, runSipp, seedSubscribers, startTestLab, type LabHandle, type SippResult } from './support.js';

function explain(r: SippResult): string {
  return `sipp exited ${r.code}\n--- stdout ---\n${r.stdout.slice(-4_000)}\n--- stderr ---\n${r.stderr}\n--- logs ---\n${r.logs}`;
}

describe.skipIf(!available('sipp'))('firebridge lab driven by sipp: call features and ring groups (issue 18)', () => {
  let server: TestServer;
  let lab: LabHandle;

  beforeAll(async () => {
    server = await startTestServer();
    await seedSubscribers(server);
    // As `subscriber set carol --follow-me 15+sip:carol@mobile.example.com --voicemail … --forward-no-answer voicemail --answer-timeout 25`.
    await server.store.subscribers.put({
      username: 'carol',
      realm: REALM,
      ha1: { MD5: md5(`carol:${REALM}:carol-pw`) },
      number: '203',
      enabled: true,
      features: {
        followMe: [{ target: { kind: 'sip', uri: 'sip:carol@mobile.example.com' }, delaySeconds: 15 }],
        voicemail: 'sip:vm-203@voicemail.example.com',
        forwardNoAnswer: { kind: 'voicemail' },
        noAnswerSeconds: 25,
      },
    });
    // As `group add sales --number 300 --strategy cascade --delay 10 --member 201 --member 202 --fallback sip:vm-sales@…`.
    const put = await server.store.groups.put({
      name: 'sales',
      number: '300',
      members: [
        { kind: 'tel', number: '201' },
        { kind: 'tel', number: '202' },
      ],
      strategy: 'cascade',
      delaySeconds: 10,
      fallback: { kind: 'sip', uri: 'sip:vm-sales@voicemail.example.com' },
    });
    expect(put.ok).toBe(true);
    lab = await startTestLab(server);
  });
  afterAll(async () => {
    await lab?.lab.stop();
    await server?.stop();
  });

  const call = async (scenario: string, to: string): Promise<string | false> => {
    const r = await runSipp(scenario, lab.lab.address.port);
    expect(r.code, explain(r)).toBe(0);
    const event = await lab.waitFor((e) => e.kind === 'request' && e.method === 'INVITE' && e.to === to && e.status === 200);
    return event.kind === 'request' && event.summary;
  };

  it('INVITE to a subscriber with follow-me and a no-answer forward: its phones, the mobile at 15 s, voicemail at 25 s', async () => {
    expect(await call('invite-features.xml', '203')).toBe('route plan: tel:203 | 15+sip:carol@mobile.example.com | 25+sip:vm-203@voicemail.example.com');
  });

  it("INVITE to a ring group's number: the members in cascade, then the group's fallback", async () => {
    expect(await call('invite-ring-group.xml', '300')).toBe('route plan: tel:201 | 10+tel:202 | 999+sip:vm-sales@voicemail.example.com');
  });
});
