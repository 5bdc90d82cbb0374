// `firebridge subscriber set` call-feature options and `firebridge audit`, as an operator runs them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli, stderrBesideContext } from '../support/cli.js';
import { connectTest, redisTopology, uniquePrefix } from '../support/stores.js';
import type { RedisClient } from '../../src/store/index.js';

describe('firebridge subscriber set: call features', () => {
  const prefix = uniquePrefix();
  let cfg: string;
  let redis: RedisClient;
  const env = { FIREBRIDGE_OPERATOR: 'ops-jane' };
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-cli-'));
    cfg = join(dir, 'c.yaml');
    writeFileSync(cfg, stringify({ redis: { ...redisTopology('redis'), keyPrefix: prefix }, digest: { realm: 'office' } }));
    redis = await connectTest('redis');
    const add = await runCli(['subscriber', 'add', 'alice', '--config', cfg, '--number', '201', '--password-stdin'], 'pw\n');
    expect(add.code).toBe(0);
  });
  afterAll(() => redis.quit());

  const set = (...args: string[]) => runCli(['subscriber', 'set', 'alice', '--config', cfg, ...args], undefined, env);
  const show = async () => JSON.parse((await runCli(['subscriber', 'show', 'alice', '--config', cfg, '--json'])).stdout) as Record<string, unknown>;

  it('sets every feature, shows it, and keeps the number index in step', async () => {
    const r = await set(
      '--forward', '07700900123@carrierA', '--forward-mode', 'redirect',
      '--forward-no-answer', 'voicemail', '--answer-timeout', '25', '--voicemail', 'sip:vm-201@vm.example',
      '--forward-unreachable', '202', '--dnd', 'on', '--dnd-mode', 'voicemail',
      '--follow-me', '202,15+sip:alice@mobile.example', '--follow-me', '30+@carrierA',
      '--sim-ring', '203', '--sim-ring', 'tel:204',
    );
    expect(stderrBesideContext(r.stderr)).toBe('');
    expect(await show()).toMatchObject({
      forward: '07700900123@carrierA',
      forwardMode: 'redirect',
      forwardNoAnswer: 'voicemail',
      answerTimeout: 25,
      forwardUnreachable: 'tel:202',
      dnd: true,
      dndMode: 'voicemail',
      voicemail: 'sip:vm-201@vm.example',
      followMe: ['0+tel:202', '15+sip:alice@mobile.example', '30+@carrierA'],
      simRing: ['tel:203', 'tel:204'],
    });
    expect(await redis.hgetall(`${prefix}callee:{201}`)).toMatchObject({ username: 'alice', fwd: '07700900123@carrierA', dnd: '1' });
    const text = (await runCli(['subscriber', 'show', 'alice', '--config', cfg])).stdout;
    expect(text).toMatch(/forward +07700900123@carrierA/);
  });

  it('clears features with the --no- options and --dnd off, leaving the others', async () => {
    const r = await set('--no-forward', '--dnd', 'off', '--no-follow-me', '--no-sim-ring');
    expect(r.code).toBe(0);
    expect(await show()).toMatchObject({ forward: null, dnd: false, followMe: [], simRing: [], forwardUnreachable: 'tel:202', forwardNoAnswer: 'voicemail' });
  });

  it('refuses a bad destination with the reason, and writes nothing', async () => {
    for (const [args, reason] of [
      [['--forward', 'bogus'], /"bogus": not a destination/],
      [['--follow-me', '202,1000+203'], /at most 998/],
      [['--voicemail', 'tel:200'], /voicemail is a sip: URI/],
      [['--forward-mode', 'both'], /use legs or redirect/],
      [['--dnd', 'maybe'], /"maybe" is neither true/],
      [['--no-voicemail'], /destination is "voicemail" but the subscriber has no --voicemail/],
    ] as const) {
      const r = await set(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr).toMatch(reason);
    }
    expect((await show()).voicemail).toBe('sip:vm-201@vm.example');
  });

  it('keeps the features of a subscriber a CSV import replaces', async () => {
    const csv = join(mkdtempSync(join(tmpdir(), 'fb-csv-')), 'staff.csv');
    writeFileSync(csv, 'username,password,number\nalice,new-pw,201\n');
    const r = await runCli(['subscriber', 'import', csv, '--config', cfg]);
    expect(r.code).toBe(0);
    expect(await show()).toMatchObject({ forwardUnreachable: 'tel:202', voicemail: 'sip:vm-201@vm.example' });
  });

  it('writes each change to the audit trail, listed by firebridge audit', async () => {
    const json = (await runCli(['audit', '--config', cfg, '--json', '--subject', 'subscriber:office:alice'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(json).toHaveLength(3);
    expect(json[0]).toMatchObject({ who: { kind: 'operator', name: 'ops-jane' }, what: 'subscriber set', before: { fwd: '07700900123@carrierA', dnd: '1' }, after: {} });
    expect(json[1]).toMatchObject({ before: {}, after: { fwd: '07700900123@carrierA', sim_ring: 'tel:203 tel:204' } });
    expect(json[2]).toMatchObject({ who: { kind: 'operator' }, what: 'subscriber add', before: {}, after: { number: '201', enabled: true, password: '(set)' } });
    expect(JSON.stringify(json[2])).not.toContain('"pw"');
    const table = await runCli(['audit', '--config', cfg]);
    expect(table.stdout).toMatch(/operator:ops-jane[\s│]+subscriber:office:alice[\s│]+subscriber set/);
  });

  it('writes subscriber del to the audit trail with what the subscriber was', async () => {
    expect((await runCli(['subscriber', 'del', 'alice', '--config', cfg], undefined, env)).code).toBe(0);
    const [last] = (await runCli(['audit', '--config', cfg, '--json', '--count', '1'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(last).toMatchObject({ who: { kind: 'operator', name: 'ops-jane' }, subject: 'subscriber:office:alice', what: 'subscriber del', after: {}, before: { number: '201', enabled: true } });
  });
});
