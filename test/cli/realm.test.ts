// Issue 14: --realm is offered exactly where a command uses a digest realm, and says that its default
// is digest.realm from the configuration.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createProgram } from '../../src/cli/program.js';
import { configFileFor, runCli } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

function everyCommand(cmd: Command, path: string[] = []): Array<[string, Command]> {
  return cmd.commands.flatMap((c) => {
    const here = [...path, c.name()];
    return [[here.join(' '), c] as [string, Command], ...everyCommand(c, here)];
  });
}

describe('--realm', () => {
  it('is offered by the commands that use a realm, and only by them', () => {
    const withRealm = everyCommand(createProgram()).filter(([, c]) => c.options.some((o) => o.long === '--realm'));
    expect(withRealm.map(([name]) => name).sort()).toEqual([
      'lab',
      'route',
      'subscriber add',
      'subscriber del',
      'subscriber import',
      'subscriber set',
      'subscriber show',
      'subscriber unlock',
    ]);
    for (const [name, c] of withRealm) {
      const description = c.options.find((o) => o.long === '--realm')!.description;
      // The lab plays the FireBrick: its realm is the one it offers phones, not a digest.realm lookup.
      if (name === 'lab') expect(description).toMatch(/default: the NAS-Identifier/);
      else expect(description, name).toMatch(/default: digest\.realm from the configuration/);
    }
  });

  describe('where it applies', () => {
    let server: TestServer;
    let cfg: string;
    let redis: Redis;
    beforeAll(async () => {
      server = await startTestServer();
      cfg = configFileFor(server.config);
      redis = new Redis(inject('redisUrl'));
      await server.store.subscribers.put({ username: 'bob', realm: 'office', ha1: { MD5: '0'.repeat(32) }, number: '202', enabled: true });
    });
    afterAll(async () => {
      await redis?.quit();
      await server?.stop();
    });

    it('route: the realm of a bare --user', async () => {
      const without = await runCli(['route', '--config', cfg, '--user', 'bob', '--to', '201']);
      expect(without.code).toBe(1);
      expect(without.stderr).toContain('no subscriber bob in realm firebridge');
      const r = await runCli(['route', '--config', cfg, '--user', 'bob', '--realm', 'office', '--to', '201', '--json']);
      expect(r.code).toBe(0);
      expect(r.stderr.split('\n')[0]).toMatch(/, realm "office"$/);
      expect(JSON.parse(r.stdout)).toHaveProperty('rule');
      const both = await runCli(['route', '--config', cfg, '--user', 'office:bob', '--realm', 'office', '--to', '201']);
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('--realm');
    });

    it('subscriber import: the realm of rows that name none', async () => {
      const csv = join(mkdtempSync(join(tmpdir(), 'fb-realm-')), 'staff.csv');
      writeFileSync(csv, 'username,password,realm\ncarol,pw3,\ndave,pw4,home\n');
      const r = await runCli(['subscriber', 'import', csv, '--realm', 'branch', '--config', cfg]);
      expect(r.code).toBe(0);
      const prefix = server.config.redis.keyPrefix;
      expect(await redis.exists(`${prefix}sub:{branch:carol}`)).toBe(1);
      expect(await redis.exists(`${prefix}sub:{home:dave}`)).toBe(1);
    });
  });
});
