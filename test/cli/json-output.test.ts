// Issue 14: every command that documents --json prints NDJSON — one JSON object per line, one per item
// of a listing (nothing for an empty one), exactly one for a command about one thing — wherever the
// option stands: before or after positional arguments and other options, and on subcommands of
// commands that have options of their own (`regs show 201 --json` printed the table).
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Binding } from '../../src/firebrick/registration.js';
import { configFileFor, jsonLines, runCli, startCli, stderrBesideContext } from '../support/cli.js';
import { rulesDirWith, startTestServer, TEST_SECRET, type TestServer } from '../support/server.js';

const REALM = 'firebridge';

function binding(number: string, contact: string): Binding {
  const now = Date.now();
  return {
    id: contact,
    number,
    subscriber: `${REALM}:alice`,
    contact,
    contactParts: undefined,
    sourceAddress: '198.51.100.20',
    sourcePort: 5060,
    behindNat: false,
    userAgent: 'test phone',
    callId: `${contact}@call`,
    firebrick: 'fb4',
    nasIdentifier: 'fb.example',
    registeredAt: now,
    expiresAt: now + 600_000,
  };
}

describe('--json output (NDJSON) in every option position', () => {
  let server: TestServer;
  let cfg: string;

  /** Runs a command that should succeed and returns its NDJSON objects; stderr holds nothing else. */
  async function json(args: string[]): Promise<Array<Record<string, unknown>>> {
    const r = await runCli(args);
    expect(stderrBesideContext(r.stderr), `${args.join(' ')}`).toBe('');
    expect(r.code, `${args.join(' ')}`).toBe(0);
    return jsonLines(r.stdout);
  }

  beforeAll(async () => {
    server = await startTestServer();
    cfg = configFileFor(server.config);
    const { subscribers, registrations, calls } = server.store;
    await subscribers.put({ username: 'alice', realm: REALM, ha1: { MD5: '0'.repeat(32) }, number: '201', enabled: true });
    await subscribers.put({ username: 'bob', realm: REALM, ha1: { MD5: '1'.repeat(32) }, number: '202', enabled: true });
    await registrations.register(binding('201', 'sip:alice@192.0.2.10'), 0);
    await registrations.register(binding('201', 'sip:alice@192.0.2.11'), 0);
    await registrations.register(binding('203', 'sip:alice@192.0.2.12'), 0);
    const leg = { firebrick: 'fb4', radiusSource: '127.0.0.1', called: '202', calling: '201', receivedAt: Date.now() };
    await calls.record({ ...leg, status: 'start', sessionId: 'active-leg' });
    await calls.record({ ...leg, status: 'start', sessionId: 'done-leg' });
    await calls.record({ ...leg, status: 'stop', sessionId: 'done-leg', sessionTime: 7, terminateCause: 1 });
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe('regs show (a subcommand of a command with options of its own)', () => {
    it.each([
      [['regs', 'show', '201', '--json', '--config']],
      [['regs', 'show', '--json', '201', '--config']],
      [['regs', '--json', 'show', '201', '--config']],
      [['regs', '--json', '--config', '@', 'show', '201']],
      [['regs', '--config', '@', 'show', '--json', '201']],
      [['regs', 'show', '--config', '@', '201', '--json']],
    ])('%j', async (args) => {
      const full = args.includes('@') ? args.map((a) => (a === '@' ? cfg : a)) : [...args, cfg];
      const lines = await json(full);
      expect(lines.map((b) => b.contact).sort()).toEqual(['sip:alice@192.0.2.10', 'sip:alice@192.0.2.11']);
      expect(lines.every((b) => b.number === '201')).toBe(true);
    });

    it('a number with no bindings prints nothing and exits 3, with --json as without', async () => {
      for (const args of [['regs', 'show', '299', '--json', '--config', cfg], ['regs', 'show', '299', '--config', cfg]]) {
        const r = await runCli(args);
        expect(r.code).toBe(3);
        expect(r.stdout).toBe('');
        expect(stderrBesideContext(r.stderr)).toBe('firebridge: 299 is not registered\n');
      }
    });
  });

  it.each([
    [['regs', '--json', '--config', '@']],
    [['regs', '--config', '@', '--json']],
    [['regs', '--json', '--number', '201', '--config', '@']],
    [['regs', '--number', '201', '--config', '@', '--json']],
  ])('regs %j', async (args) => {
    const lines = await json(args.map((a) => (a === '@' ? cfg : a)));
    expect(lines.length).toBe(args.includes('--number') ? 2 : 3);
  });

  it('an empty listing prints nothing at all', async () => {
    const r = await runCli(['regs', '--number', '299', '--json', '--config', cfg]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });

  it.each([
    [['subscriber', 'show', 'alice', '--json', '--config', '@']],
    [['subscriber', 'show', '--json', 'alice', '--config', '@']],
    [['subscriber', 'show', '--config', '@', '--realm', REALM, '--json', 'alice']],
    [['subscriber', '--config', '@', 'show', 'alice', '--json']],
  ])('subscriber show %j prints exactly one line', async (args) => {
    const lines = await json(args.map((a) => (a === '@' ? cfg : a)));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ username: 'alice', realm: REALM, number: '201' });
  });

  it.each([
    [['subscriber', 'list', '--json', '--config', '@']],
    [['subscriber', 'list', '--config', '@', '--json']],
    [['subscriber', '--config', '@', 'list', '--json']],
  ])('subscriber list %j', async (args) => {
    const lines = await json(args.map((a) => (a === '@' ? cfg : a)));
    expect(lines.map((s) => s.username).sort()).toEqual(['alice', 'bob']);
  });

  it.each([[['calls', '--json', '--config', '@']], [['calls', '--config', '@', '--json']]])('calls %j', async (args) => {
    const lines = await json(args.map((a) => (a === '@' ? cfg : a)));
    expect(lines.map((l) => l.sessionId)).toEqual(['active-leg']);
  });

  it.each([
    [['cdr', '--json', '--since', '1h', '--config', '@']],
    [['cdr', '--since', '1h', '--json', '--config', '@']],
    [['cdr', '--config', '@', '--count', '10', '--json']],
  ])('cdr %j', async (args) => {
    const lines = await json(args.map((a) => (a === '@' ? cfg : a)));
    expect(lines.map((l) => l.session_id)).toEqual(['done-leg']);
  });

  it.each([
    [['route', '--json', '--to', '201', '--config', '@']],
    [['route', '--to', '201', '--json', '--config', '@']],
    [['route', '--config', '@', '--from', '202', '--to', '201', '--json']],
  ])('route %j prints exactly one line', async (args) => {
    const lines = await json(args.map((a) => (a === '@' ? cfg : a)));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toHaveProperty('rule');
  });

  describe('check --json: one object per problem, then a summary object', () => {
    it.each([[['check', '--json', '@']], [['check', '@', '--json']]])('valid rules %j', async (args) => {
      const dir = server.rulesDir;
      const lines = await json(args.map((a) => (a === '@' ? dir : a)));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ kind: 'summary', dir, valid: true, problems: 0, files: expect.any(Number), rules: expect.any(Number) });
    });

    it('problems go to stdout as objects, the exit status stays 2', async () => {
      const dir = rulesDirWith({ 'a.yaml': 'rules:\n  - { name: broken }\n  - { name: one, route: [], bogus: 1 }\n' });
      for (const args of [['check', dir, '--json'], ['check', '--json', dir]]) {
        const r = await runCli(args);
        expect(r.code).toBe(2);
        const lines = jsonLines(r.stdout);
        expect(lines.length).toBeGreaterThanOrEqual(3);
        const problems = lines.slice(0, -1);
        for (const p of problems) expect(p).toMatchObject({ kind: 'problem', file: join(dir, 'a.yaml'), line: expect.any(Number), column: expect.any(Number) });
        expect(lines.at(-1)).toEqual({ kind: 'summary', dir, valid: false, problems: problems.length });
        expect(r.stderr).toBe(`firebridge: ${problems.length} problems in ${dir}\n`);
      }
    });
  });

  it.each([
    [['lab-call', '--json', '--radius', '@radius', '--acct-port', '@acct', '--secret', TEST_SECRET, '--from', '201', '--to', '202', '--legs', '1', '--no-wait']],
    [['lab-call', '--radius', '@radius', '--acct-port', '@acct', '--secret', TEST_SECRET, '--from', '201', '--to', '202', '--legs', '1', '--no-wait', '--json']],
  ])('lab-call %j', async (args) => {
    const lines = await json(args.map((a) => (a === '@radius' ? `127.0.0.1:${server.authPort}` : a === '@acct' ? String(server.acctPort) : a)));
    expect(lines.map((l) => l.status)).toEqual(['Start', 'Interim-Update', 'Stop']);
  });

  it.each([
    [['lab', '--json', '--radius', '127.0.0.1:9', '--secret', TEST_SECRET, '--listen', '127.0.0.1:0']],
    [['lab', '--radius', '127.0.0.1:9', '--secret', TEST_SECRET, '--listen', '127.0.0.1:0', '--json']],
  ])('lab %j prints one object per event', async (args) => {
    const lab = startCli(args);
    try {
      const port = Number((await lab.waitFor('stderr', /SIP on udp 127\.0\.0\.1:(\d+)/))[1]);
      const socket = createSocket('udp4');
      socket.send('not a SIP message\r\n\r\n', port, '127.0.0.1');
      await lab.waitFor('stdout', /\n/);
      socket.close();
      expect(jsonLines(lab.stdout())[0]).toMatchObject({ kind: 'dropped', source: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    } finally {
      await lab.stop();
    }
  });

  it('the table is still the default', async () => {
    const r = await runCli(['regs', 'show', '201', '--config', cfg]);
    expect(r.stdout).toMatch(/2 rows\n$/);
  });
});
