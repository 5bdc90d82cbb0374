// `firebridge group …` as an operator runs it, against the test Redis: add, set, show, list, del, bad
// destinations refused with their reason and nothing written, and a `firebridge route` dry run that
// shows the group's legs and attributes without moving its round-robin rotation.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { jsonLines, runCli, stderrBesideContext } from '../support/cli.js';
import { connectTest, redisTopology, uniquePrefix } from '../support/stores.js';
import type { RedisClient } from '../../src/store/index.js';

describe('firebridge group', () => {
  const prefix = uniquePrefix();
  let cfg: string;
  let redis: RedisClient;
  let rulesFile: string;
  const group = (...args: string[]) => runCli(['group', ...args, '--config', cfg]);
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-cli-'));
    const rules = join(dir, 'rules');
    cfg = join(dir, 'c.yaml');
    mkdirSync(rules);
    rulesFile = join(rules, 'groups.yaml');
    writeFileSync(rulesFile, 'rules:\n  - name: ring groups\n    match: { called: { prefix: "3" } }\n    route:\n      - group: "${called}"\n');
    writeFileSync(cfg, stringify({ redis: { ...redisTopology('redis'), keyPrefix: prefix }, rules: { dir: rules } }));
    redis = await connectTest('redis');
  });
  afterAll(() => redis.quit());

  it('adds a group, refusing one that exists', async () => {
    const r = await group('add', 'sales', '--member', '201', '--member', 'sip:desk@pbx.example', '--number', '300', '--strategy', 'cascade', '--delay', '15', '--fallback', 'sip:vm@example.com');
    expect(stderrBesideContext(r.stderr)).toBe('');
    expect(r.stdout).toBe('added group sales: group sales (cascade, 15 s): 201, sip:desk@pbx.example at 15+; fallback sip:vm@example.com at 999+\n');
    expect(JSON.parse((await redis.hget(`${prefix}{groups}:defs`, 'sales'))!)).toMatchObject({ number: '300', members: ['201', 'sip:desk@pbx.example'] });
    const again = await group('add', 'sales', '--member', '202');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('group sales exists; use "firebridge group set"');
  });

  it('refuses bad members, fallback and options with every reason, writing nothing', async () => {
    const r = await group('add', 'support', '--member', 'bob', '--member', '10+202', '--member', '203', '--member', '203', '--fallback', 'vm', '--strategy', 'random');
    expect(r.code).toBe(1);
    expect(stderrBesideContext(r.stderr)).toBe(
      [
        'firebridge: group support not added:',
        '  --member "bob" is not a destination: give a number (201), tel:201, a sip: URI, @carrier or 0123@carrier',
        `  --member "10+202" has a delay prefix (N+): the group's strategy sets the delays`,
        '  203 is a member twice',
        '  --strategy "random" is not one of all, cascade, round-robin',
        '  --fallback "vm" is not a destination: give a number (201), tel:201, a sip: URI, @carrier or 0123@carrier',
        '',
      ].join('\n'),
    );
    expect(await redis.hget(`${prefix}{groups}:defs`, 'support')).toBeNull();
    expect((await group('add', 'support')).stderr).toContain('give at least one --member');
    expect((await group('add', '300', '--member', '201')).stderr).toContain('"300" is not a group name: a letter, then letters, digits, _ . - (at most 64)');
    expect((await group('add', 'support', '--member', '202', '--number', '300')).stderr).toContain('number 300 already reaches group sales');
    expect((await group('add', 'support', '--member', '202', '--delay', '0')).stderr).toContain('expected whole seconds from 1 to 999');
  });

  it('sets only what is given: members added, removed or replaced, the fallback removed', async () => {
    let r = await group('set', 'sales', '--add-member', '0123@mobiles', '--remove-member', 'sip:desk@pbx.example', '--strategy', 'round-robin', '--ring-time', '40');
    expect(stderrBesideContext(r.stderr)).toBe('');
    expect(r.stdout).toBe('changed group sales: group sales (round-robin, 15 s, call 1 starts at member 1 of 2): 201, 0123@mobiles at 15+; fallback sip:vm@example.com at 40+\n');
    r = await group('set', 'sales', '--remove-member', '299');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('299 is not a member of sales');
    r = await group('set', 'sales', '--remove-member', '201', '--remove-member', '0123@mobiles');
    expect(r.stderr).toContain('sales would have no member left');
    expect((await group('set', 'sales')).stderr).toContain('nothing to change');
    expect((await group('set', 'nobody', '--delay', '5')).stderr).toContain('no group "nobody"');
    r = await group('set', 'sales', '--member', '201', '--member', '202', '--member', '203', '--fallback', '', '--ring-time', '0', '--json');
    expect(jsonLines(r.stdout)).toEqual([
      { name: 'sales', number: '300', strategy: 'round-robin', delay: 15, members: ['201', '202', '203'], fallback: null, ringTime: null },
    ]);
  });

  it('shows and lists', async () => {
    await group('add', 'support', '--member', '@backup');
    const show = await group('show', 'sales', '--json');
    expect(jsonLines(show.stdout)).toEqual([
      {
        name: 'sales',
        number: '300',
        strategy: 'round-robin',
        delay: 15,
        members: ['201', '202', '203'],
        fallback: null,
        ringTime: null,
        nextCall: 'group sales (round-robin, 15 s, call 1 starts at member 1 of 3): 201, 202 at 15+, 203 at 30+',
      },
    ]);
    expect((await group('show', 'sales')).stdout).toContain('members   201, 202, 203');
    expect(jsonLines((await group('list', '--json')).stdout).map((g) => g.name)).toEqual(['sales', 'support']);
    const table = await group('list');
    expect(table.stdout).toMatch(/sales .*300 .*round-robin .*201, 202, 203/);
    expect(table.stdout).toContain('2 rows');
  });

  it('dry-runs a call to the group number: its legs in the trace and the reply, the rotation untouched', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['route', '--to', '300', '--carrier', 'primary', '--config', cfg]);
      expect(stderrBesideContext(r.stderr)).toBe('');
      expect(r.stdout).toContain(`MATCH ring groups (${rulesFile}:2): group sales (round-robin, 15 s, call 1 starts at member 1 of 3): 201, 202 at 15+, 203 at 30+`);
      expect(r.stdout).toContain('reply: Access-Accept\n  Called-Station-Id = "tel:201"\n  Called-Station-Id = "15+tel:202"\n  Called-Station-Id = "30+tel:203"\n');
    }
    const none = await runCli(['route', '--to', '399', '--carrier', 'primary', '--config', cfg, '--json']);
    const report = jsonLines(none.stdout)[0]!;
    expect(report.trace).toEqual([
      { rule: 'ring groups', at: `${rulesFile}:2`, matched: true, notes: ['no ring group named or numbered "399"', 'leg 1 skipped: it expanded to no destination', 'every leg was skipped'] },
    ]);
  });

  it('deletes', async () => {
    expect((await group('del', 'sales')).stdout).toBe('deleted group sales (number 300)\n');
    expect((await group('del', 'sales')).stderr).toContain('no group "sales"');
    expect(await redis.hget(`${prefix}{groups}:numbers`, '300')).toBeNull();
  });
});
