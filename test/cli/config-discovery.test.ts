// Issue 14: every command finds the same Redis, key prefix and realm as the server — `subscriber add`
// without -c used 127.0.0.1:6379 and realm "firebridge" whatever the server was started with. Each
// command that opens the store says on stderr which file, Redis, prefix (and realm) it used.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { stringify } from 'yaml';
import { SYSTEM_CONFIG } from '../../src/config/discover.js';
import { CONTEXT_LINE, runCli, startCli } from '../support/cli.js';
import { rulesDirWith } from '../support/server.js';
import { uniquePrefix } from '../support/stores.js';

/** A working directory with nothing in it, so no config/firebridge.yaml is found there. */
const emptyDir = (): string => mkdtempSync(join(tmpdir(), 'fb-cwd-'));
const NO_ENV_CONFIG = { FIREBRIDGE_CONFIG: undefined, REDIS_URL: undefined };

describe('configuration discovery for operator commands', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(() => redis.quit());

  function configText(prefix: string, realm: string, extra: Record<string, unknown> = {}): string {
    return stringify({ redis: { url: inject('redisUrl'), keyPrefix: prefix }, digest: { realm }, ...extra });
  }

  it('$FIREBRIDGE_CONFIG alone: the command writes where that file says, and says so', async () => {
    const prefix = uniquePrefix();
    const file = join(emptyDir(), 'site.yaml');
    writeFileSync(file, configText(prefix, 'env-realm'));
    const r = await runCli(['subscriber', 'add', 'erin', '--number', '301', '--password-stdin'], 'pw\n', { ...NO_ENV_CONFIG, FIREBRIDGE_CONFIG: file }, emptyDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('added erin@env-realm\n');
    expect(await redis.hget(`${prefix}sub:{env-realm:erin}`, 'number')).toBe('301');
    expect(r.stderr).toBe(`firebridge: configuration ${file} (from $FIREBRIDGE_CONFIG); Redis ${inject('redisUrl')}, key prefix "${prefix}", realm "env-realm"\n`);
    expect(r.stderr.split('\n')[0]).toMatch(CONTEXT_LINE);
  });

  it('no flag: config/firebridge.yaml of the working directory, as `npm start` reads it', async () => {
    const prefix = uniquePrefix();
    const cwd = emptyDir();
    mkdirSync(join(cwd, 'config'));
    writeFileSync(join(cwd, 'config', 'firebridge.yaml'), configText(prefix, 'cwd-realm'));
    const r = await runCli(['subscriber', 'add', 'fred', '--password-stdin'], 'pw\n', NO_ENV_CONFIG, cwd);
    expect(r.code).toBe(0);
    expect(await redis.exists(`${prefix}sub:{cwd-realm:fred}`)).toBe(1);
    const file = join(cwd, 'config', 'firebridge.yaml');
    expect(r.stderr).toBe(`firebridge: configuration ${file} (found in the working directory); Redis ${inject('redisUrl')}, key prefix "${prefix}", realm "cwd-realm"\n`);

    // --realm is the realm the line names; a command without a realm does not name one.
    const show = await runCli(['subscriber', 'show', 'fred', '--realm', 'other'], undefined, NO_ENV_CONFIG, cwd);
    expect(show.code).toBe(1);
    expect(show.stderr.split('\n')[0]).toMatch(/, realm "other"$/);
    const regs = await runCli(['regs', '--json'], undefined, NO_ENV_CONFIG, cwd);
    expect(regs.stderr).toBe(`firebridge: configuration ${file} (found in the working directory); Redis ${inject('redisUrl')}, key prefix "${prefix}"\n`);
  });

  it('the line comes before a Redis that cannot be reached, so the operator sees which one was tried', async () => {
    const file = join(emptyDir(), 'c.yaml');
    writeFileSync(file, stringify({ redis: { url: 'redis://127.0.0.1:1', keyPrefix: 'x:' } }));
    const r = await runCli(['calls', '--config', file], undefined, NO_ENV_CONFIG, emptyDir());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `firebridge: configuration ${file} (from --config); Redis redis://127.0.0.1:1, key prefix "x:"\n` +
        'firebridge: cannot reach Redis at redis://127.0.0.1:1 (set redis.url in the config or REDIS_URL)\n',
    );
  });

  it.skipIf(existsSync(SYSTEM_CONFIG))('no file anywhere: built-in defaults, said so', async () => {
    const r = await runCli(['subscriber', 'show', 'nobody'], undefined, { ...NO_ENV_CONFIG, REDIS_URL: inject('redisUrl') }, emptyDir());
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`firebridge: no configuration file; built-in defaults; Redis ${inject('redisUrl')}, key prefix "fb:", realm "firebridge"`);
  });

  it('serve finds the same file and names it in its start log line', async () => {
    const prefix = uniquePrefix();
    const cwd = emptyDir();
    mkdirSync(join(cwd, 'config'));
    const extra = {
      listen: { host: '127.0.0.1', auth: 0, acct: 0 },
      rules: { dir: rulesDirWith({ 'a.yaml': 'rules:\n  - { name: one, route: [] }\n' }), watch: false },
      metrics: { enabled: false },
      api: { enabled: false },
      log: { format: 'json' },
    };
    writeFileSync(join(cwd, 'config', 'firebridge.yaml'), configText(prefix, 'office', extra));
    const serve = startCli(['serve'], { cwd, env: NO_ENV_CONFIG });
    try {
      const [line] = await serve.waitFor('stdout', /^.*"firebridge listening".*$/m);
      expect(JSON.parse(line)).toMatchObject({ config: join(cwd, 'config', 'firebridge.yaml') });
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });
});
