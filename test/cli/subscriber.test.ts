// `firebridge subscriber …` as an operator runs it, against the test Redis.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli, stderrBesideContext } from '../support/cli.js';
import { connectTest, REDIS_KINDS, redisTopology, uniquePrefix } from '../support/stores.js';
import type { RedisClient } from '../../src/store/index.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

describe.each(REDIS_KINDS)('firebridge subscriber on %s', (kind) => {
  const prefix = uniquePrefix();
  let cfg: string;
  let redis: RedisClient;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-cli-'));
    cfg = join(dir, 'c.yaml');
    writeFileSync(cfg, stringify({ redis: { ...redisTopology(kind), keyPrefix: prefix }, digest: { realm: 'office' } }));
    redis = await connectTest(kind);
  });
  afterAll(() => redis.quit());

  it('adds with the password from stdin, stored as HA1 only', async () => {
    const r = await runCli(['subscriber', 'add', 'alice', '--config', cfg, '--number', '201', '--max-calls', '2', '--max-duration', '3600', '--password-stdin'], 'pa$$word\n');
    expect(stderrBesideContext(r.stderr)).toBe('');
    expect(r.stdout).toContain('added alice@office');
    const h = await redis.hgetall(`${prefix}sub:{office:alice}`);
    expect(h.ha1_md5).toBe(md5('alice:office:pa$$word'));
    expect(h.ha1_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(h.password).toBeUndefined();
    expect(h).toMatchObject({ number: '201', max_calls: '2', max_duration: '3600', enabled: '1' });
    const again = await runCli(['subscriber', 'add', 'alice', '--config', cfg, '--password-stdin'], 'x\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists');
  });

  it('shows (without credentials), sets, lists and deletes', async () => {
    const show = await runCli(['subscriber', 'show', 'alice', '--config', cfg, '--json']);
    expect(JSON.parse(show.stdout)).toMatchObject({ username: 'alice', realm: 'office', number: '201', credentials: ['HA1 MD5', 'HA1 SHA-256', 'HA1 SHA-512-256'] });
    expect(show.stdout).not.toContain(md5('alice:office:pa$$word'));
    expect(JSON.parse(show.stdout)).toMatchObject({ maxCalls: 2, maxDuration: 3600 });
    await runCli(['subscriber', 'set', 'alice', '--config', cfg, '--disable', '--cui', 'cust-1', '--max-duration', '0']);
    expect(await redis.hget(`${prefix}sub:{office:alice}`, 'enabled')).toBe('0');
    expect(await redis.hget(`${prefix}sub:{office:alice}`, 'max_duration')).toBe('0');
    expect(await redis.get(`${prefix}cui:cust-1`)).toBe('office:alice');
    const list = await runCli(['subscriber', 'list', '--config', cfg]);
    expect(list.stdout).toContain('alice');
    expect((await runCli(['subscriber', 'del', 'alice', '--config', cfg])).stdout).toContain('deleted');
    expect((await runCli(['subscriber', 'show', 'alice', '--config', cfg])).code).toBe(1);
  });

  it('imports a CSV all or nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-csv-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'username,password,number,max_calls,enabled\nbob,pw1,202,2,off\n,pw2,203,,\ncarol,pw3,204,lots,yes\ndave,pw4,205,,flase\nbob,pw5,206,,\n');
    const refused = await runCli(['subscriber', 'import', bad, '--config', cfg]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('import refused, nothing written (4 problems)');
    expect(refused.stderr).toContain('bad.csv:3: column "username" is empty');
    expect(refused.stderr).toContain('bad.csv:4: column "max_calls": "lots" is not a whole number ≥ 0');
    expect(refused.stderr).toContain('bad.csv:5: column "enabled": "flase" is neither true');
    expect(refused.stderr).toContain('bad.csv:6: subscriber bob@office again (first at line 2)');
    expect(await redis.exists(`${prefix}sub:{office:bob}`)).toBe(0);
    const unknown = join(dir, 'unknown.csv');
    writeFileSync(unknown, 'username,password,max_call\nbob,pw1,2\n');
    const refusedHeader = await runCli(['subscriber', 'import', unknown, '--config', cfg]);
    expect(refusedHeader.code).toBe(1);
    expect(refusedHeader.stderr).toContain('unknown.csv:1: header column 3: unknown column "max_call"');
    expect(await redis.exists(`${prefix}sub:{office:bob}`)).toBe(0);
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'username,password,number,realm,enabled\nbob,pw1,202,,off\ncarol,pw3,204,other,\n');
    const dry = await runCli(['subscriber', 'import', good, '--config', cfg, '--dry-run']);
    expect(dry.stdout).toContain('2 subscribers valid; nothing written');
    expect(await redis.exists(`${prefix}sub:{office:bob}`)).toBe(0);
    expect((await runCli(['subscriber', 'import', good, '--config', cfg])).stdout).toContain('imported 2 subscribers');
    expect(await redis.hget(`${prefix}sub:{office:bob}`, 'ha1_md5')).toBe(md5('bob:office:pw1'));
    expect(await redis.hget(`${prefix}sub:{office:bob}`, 'enabled')).toBe('0');
    expect(await redis.hget(`${prefix}sub:{other:carol}`, 'number')).toBe('204');
    const missing = await runCli(['subscriber', 'import', join(dir, 'nope.csv'), '--config', cfg]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.csv: cannot read: ENOENT/);
  });

  it('unlocks a locked-out user', async () => {
    await redis.set(`${prefix}lock:{user:office:bob}`, '5', 'PX', 60_000);
    expect((await runCli(['subscriber', 'unlock', 'bob', '--config', cfg])).stdout).toContain('unlocked user office:bob');
    expect(await redis.exists(`${prefix}lock:{user:office:bob}`)).toBe(0);
  });

  it('says clearly when Redis is unreachable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-cli-'));
    const nowhere = join(dir, 'c.yaml');
    writeFileSync(nowhere, stringify({ redis: { url: 'redis://127.0.0.1:1' } }));
    const r = await runCli(['subscriber', 'list', '--config', nowhere]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot reach Redis at redis://127.0.0.1:1');
  });
});
