// Issue 9: `firebridge lab-call` accounts a simulated call the way a FireBrick does (spec §6), run
// in-process through commander against a real firebridge.
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerLab } from '../../src/cli/lab.js';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/server.js';

async function cli(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerLab(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  });
  try {
    await program.parseAsync(['node', 'firebridge', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe('firebridge lab-call (issue 9)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('sends Start, Interim (ringing) and Stop (talk) for both legs, each acknowledged, and firebridge keeps two call records', async () => {
    const out = await cli([
      'lab-call',
      '--radius', `127.0.0.1:${server.authPort}`,
      '--acct-port', String(server.acctPort),
      '--secret', TEST_SECRET,
      '--from', '201',
      '--to', '01632960123',
      '--ring', '3',
      '--talk', '10',
      '--no-wait',
      '--json',
    ]);
    const sent = out.trim().split('\n').map((l) => JSON.parse(l) as { sessionId: string; status: string; sessionTime?: number });
    expect(sent.map((s) => [s.status, s.sessionTime])).toEqual([
      ['Start', undefined],
      ['Start', undefined],
      ['Interim-Update', 3],
      ['Interim-Update', 3],
      ['Stop', 10],
      ['Stop', 10],
    ]);
    const legs = [...new Set(sent.map((s) => s.sessionId))];
    expect(legs).toHaveLength(2);
    const records = (await server.store.calls.records(0, 100)).map((r) => r.fields);
    for (const id of legs) {
      expect(records.find((r) => r.session_id === id)).toMatchObject({
        called: '01632960123',
        calling: '201',
        nas_identifier: 'lab',
        answered: '1',
        ringing_seconds: '3',
        connected_seconds: '10',
        terminate_cause: '1',
      });
    }
    expect(await server.store.calls.activeLegs()).toHaveLength(0);
  });

  it('--legs 1 accounts only the caller’s leg; the accounting port defaults to the RADIUS port + 1', async () => {
    // Ephemeral ports are not adjacent, so name the port just below the accounting port.
    const out = await cli(['lab-call', '--radius', `127.0.0.1:${server.acctPort - 1}`, '--secret', TEST_SECRET, '--from', '202', '--to', '203', '--legs', '1', '--ring', '0', '--talk', '1', '--no-wait']);
    expect(out.split('\n').filter(Boolean)).toHaveLength(3);
    expect(out).toMatch(/^Start +lab-\w+-a {2}acknowledged$/m);
    expect(out).toMatch(/^Stop +lab-\w+-a {2}Acct-Session-Time=1 {2}acknowledged$/m);
  });

  it('reports a server that does not answer', async () => {
    await expect(
      cli(['lab-call', '--radius', `127.0.0.1:${server.authPort}`, '--acct-port', String(server.acctPort), '--secret', 'not-the-secret', '--from', '1', '--to', '2', '--no-wait']),
    ).rejects.toThrow(/no valid reply/);
  }, 15_000);
});
