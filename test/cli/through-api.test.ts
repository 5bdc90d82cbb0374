// Operator commands while a server runs go through its admin API (cli/context.ts, api/local-token.ts):
// `npm start` with no Redis runs on an in-process store, and `subscriber add` still reaches it, with
// the same output as against Redis. When no server answers, commands use Redis as before.
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTokenPath } from '../../src/api/local-token.js';
import { Attr, Code } from '../../src/radius/index.js';
import { runCli, startCli, type RunningCli } from '../support/cli.js';
import { FirebrickStandIn } from '../support/firebrick-standin.js';
import { TEST_SECRET, rulesDirWith } from '../support/server.js';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

let serve: RunningCli;
let config: string;
let apiPort: number;
let authPort: number;

beforeAll(async () => {
  apiPort = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'firebridge-through-api-'));
  config = join(dir, 'firebridge.yaml');
  writeFileSync(
    config,
    stringify({
      listen: { host: '127.0.0.1', auth: 0, acct: 0 },
      clients: [{ name: 'fb4', address: '127.0.0.1', secret: TEST_SECRET }],
      redis: { probeLocal: false },
      rules: { dir: rulesDirWith(), watch: false },
      metrics: { enabled: false },
      api: { host: '127.0.0.1', port: apiPort },
      log: { format: 'json' },
    }),
  );
  serve = startCli(['serve', '--config', config]);
  const [line] = await serve.waitFor('stdout', /^.*"firebridge listening".*$/m);
  authPort = (JSON.parse(line) as { auth: number }).auth;
  await serve.waitFor('stdout', /"admin API listening"/);
});
afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
});

describe('commands while a server runs', () => {
  it('leave a token file only their user may read, for the running server', () => {
    const file = localTokenPath({ api: { port: apiPort } } as never);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('reach the in-process store of a server started without Redis: subscriber add, then the phone registers', async () => {
    expect(serve.stdout()).toMatch(/NO REDIS: running on an IN-PROCESS STORE/);
    const added = await runCli(['subscriber', 'add', 'alice', '--number', '201', '--password-stdin', '--config', config], 'alice-pw\n');
    expect(added.code).toBe(0);
    expect(added.stderr.split('\n')[0]).toBe(`firebridge: configuration ${config} (from --config); the running server's admin API at http://127.0.0.1:${apiPort} (its in-process store), realm "firebridge"`);
    const shown = await runCli(['subscriber', 'show', 'alice', '--json', '--config', config]);
    expect(JSON.parse(shown.stdout)).toMatchObject({ username: 'alice', realm: 'firebridge', number: '201', enabled: true });

    const fb = new FirebrickStandIn('127.0.0.1', authPort, 0);
    try {
      const reg = await fb.authenticate({ method: 'REGISTER', username: 'alice', password: 'alice-pw', extra: [[Attr.SipAor, 'sip:201@192.0.2.10'], [Attr.SessionTimeout, 300]] });
      expect(reg.reply?.code).toBe(Code.AccessAccept);
    } finally {
      fb.close();
    }
    const regs = await runCli(['regs', 'show', '201', '--json', '--config', config]);
    expect(regs.code).toBe(0);
    expect(JSON.parse(regs.stdout.split('\n')[0]!)).toMatchObject({ number: '201', subscriber: 'firebridge:alice' });
  });

  it('say what the server refuses, as the command would', async () => {
    const r = await runCli(['subscriber', 'show', 'nobody', '--config', config]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no subscriber nobody@firebridge/);
  });
});
