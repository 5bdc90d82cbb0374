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

  it('writes each change to the audit trail under the operator running the command', async () => {
    const env = { FIREBRIDGE_OPERATOR: 'ops-alice' };
    const run = (...args: string[]) => runCli([...args, '--config', cfg], undefined, env);
    expect((await run('group', 'add', 'audited', '--member', '201')).code).toBe(0);
    expect((await run('group', 'set', 'audited', '--add-member', '202')).code).toBe(0);
    expect((await run('group', 'set', 'audited', '--member', '201', '--member', '202')).code).toBe(0); // no change: no record
    expect((await run('group', 'del', 'audited')).code).toBe(0);
    const trail = jsonLines((await run('audit', '--subject', 'group:audited', '--json')).stdout);
    expect(trail.map((r) => [r.what, (r.who as { name: string }).name])).toEqual([
      ['group del', 'ops-alice'],
      ['group set', 'ops-alice'],
      ['group add', 'ops-alice'],
    ]);
    expect(trail[1]).toMatchObject({ before: { members: ['201'] }, after: { members: ['201', '202'] } });
    const token = await run('token', 'add', 'audited-token', '--role', 'read-only');
    expect(token.code).toBe(0);
    const tokens = jsonLines((await run('audit', '--json')).stdout).filter((r) => r.what === 'token add');
    expect(tokens[0]).toMatchObject({ after: { name: 'audited-token', role: 'read-only', token: '(set)' } });
    expect(JSON.stringify(tokens)).not.toContain(token.stdout.trim().slice(17));
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

describe('firebridge group import', () => {
  const prefix = uniquePrefix();
  let cfg: string;
  let dir: string;
  let redis: RedisClient;
  const csv = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fb-cli-'));
    cfg = join(dir, 'c.yaml');
    writeFileSync(cfg, stringify({ redis: { ...redisTopology('redis'), keyPrefix: prefix } }));
    redis = await connectTest('redis');
    expect((await runCli(['group', 'add', 'kept', '--member', '299', '--number', '390', '--config', cfg])).code).toBe(0);
  });
  afterAll(() => redis.quit());

  it('refuses a file with unknown members and other problems, each with its line, writing nothing', async () => {
    const bad = csv(
      'bad.csv',
      [
        'name,number,strategy,delay,members,fallback,ring_time',
        'sales,300,cascade,10,201 202 bob,sip:vm@example.com,',
        '# a comment line',
        '9lives,301,,,203,,',
        'support,300,sometimes,0,204 204,vm,1000',
        'other,390,,,"205,206",,',
        'sales,,,,207,,',
        'empty,,,,,,',
      ].join('\n'),
    );
    const r = await runCli(['group', 'import', bad, '--config', cfg]);
    expect(r.code).toBe(1);
    expect(stderrBesideContext(r.stderr)).toBe(
      [
        'firebridge: import refused, nothing written (11 problems):',
        `${bad}:2: column "members": "bob" is not a destination: give a number (201), tel:201, a sip: URI, @carrier or 0123@carrier`,
        `${bad}:4: column "name": "9lives" is not a group name: a letter, then letters, digits, _ . - (at most 64)`,
        `${bad}:5: column "number": "300" reaches the group on line 2 already`,
        `${bad}:5: column "strategy": "sometimes" is not one of all, cascade, round-robin`,
        `${bad}:5: column "members": "204" is a member twice`,
        `${bad}:5: column "fallback": "vm" is not a destination: give a number (201), tel:201, a sip: URI, @carrier or 0123@carrier`,
        `${bad}:5: column "delay": "0" is not whole seconds from 1 to 999`,
        `${bad}:5: column "ring_time": "1000" is not whole seconds from 1 to 999`,
        `${bad}:6: column "number": "390" reaches group kept already`,
        `${bad}:7: column "name": "sales" is on line 2 already`,
        `${bad}:8: column "members": no member`,
        '',
      ].join('\n'),
    );
    expect(await redis.hlen(`${prefix}{groups}:defs`)).toBe(1);
  });

  it('imports all the groups, replacing one and moving a number between groups whatever the row order', async () => {
    expect((await runCli(['group', 'add', 'sales', '--member', '201', '--number', '300', '--config', cfg])).code).toBe(0);
    const good = csv('good.csv', 'name,number,strategy,members,fallback,ring_time\nsupport,300,round-robin,"204, 205",,\nsales,310,cascade,201 202 @backup,sip:vm@example.com,30\n');
    const dry = await runCli(['group', 'import', good, '--dry-run', '--config', cfg]);
    expect(dry.stdout).toBe(`${good}: 2 groups (1 new, 1 replaced) valid; nothing written (--dry-run)\n`);
    expect(await redis.hget(`${prefix}{groups}:numbers`, '300')).toBe('sales');
    const r = await runCli(['group', 'import', good, '--config', cfg]);
    expect(stderrBesideContext(r.stderr)).toBe('');
    expect(r.stdout).toBe(`imported 2 groups (1 new, 1 replaced) from ${good}\n`);
    const listed = jsonLines((await runCli(['group', 'list', '--json', '--config', cfg])).stdout);
    expect(listed).toEqual([
      { name: 'kept', number: '390', strategy: 'all', delay: 10, members: ['299'], fallback: null, ringTime: null },
      { name: 'sales', number: '310', strategy: 'cascade', delay: 10, members: ['201', '202', '@backup'], fallback: 'sip:vm@example.com', ringTime: 30 },
      { name: 'support', number: '300', strategy: 'round-robin', delay: 10, members: ['204', '205'], fallback: null, ringTime: null },
    ]);
  });
});
