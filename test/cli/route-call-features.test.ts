// `firebridge route` over a rule set that uses call features, a ring group and an LCR table in one
// route list, all set up with the commands an operator runs (subscriber set, group add, lcr import):
// the dry run's --json reply lists every expanded leg in order, each with the rule leg's delay added
// before it (README → Call features), and its trace says what each expansion did.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { jsonLines, runCli, stderrBesideContext } from '../support/cli.js';
import { redisTopology, uniquePrefix } from '../support/stores.js';

const RULES = `rules:
  - name: reception
    description: the front desk with its features, then the sales group, then a mobile by least cost
    match: { called: "100" }
    route:
      - features: "201"
      - group: sales
        delay: 30
      - lcr: { table: uk, number: "447700900123" }
        delay: 60
`;

describe('firebridge route: features, a ring group and an LCR table in one route list', () => {
  let cfg: string;
  let rulesFile: string;
  const cli = async (...args: string[]): Promise<string> => {
    const r = await runCli([...args, '--config', cfg], args[1] === 'add' ? 'pw\n' : undefined);
    expect(stderrBesideContext(r.stderr), args.join(' ')).toBe('');
    expect(r.code, args.join(' ')).toBe(0);
    return r.stdout;
  };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-cli-'));
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    rulesFile = join(rules, 'rules.yaml');
    writeFileSync(rulesFile, RULES);
    cfg = join(dir, 'c.yaml');
    writeFileSync(cfg, stringify({ redis: { ...redisTopology('redis'), keyPrefix: uniquePrefix() }, rules: { dir: rules } }));
    const csv = join(dir, 'uk.csv');
    writeFileSync(csv, ['prefix,carrier,priority,rate,window,strip,prepend', '44,wholesale,1,0.9,,,', '447,b,2,0.2,,,', '447,a,1,0.5,,,', ''].join('\n'));
    await cli('subscriber', 'add', 'alice', '--number', '201', '--password-stdin');
    await cli(
      'subscriber', 'set', 'alice',
      '--follow-me', '15+sip:alice@mobile.example', '--voicemail', 'sip:vm-201@vm.example', '--forward-no-answer', 'voicemail', '--answer-timeout', '25',
    );
    await cli('group', 'add', 'sales', '--strategy', 'cascade', '--delay', '10', '--member', '202', '--member', '203');
    await cli('lcr', 'import', 'uk', csv);
  });

  it('lists the legs of each expansion in route-list order, with the rule legs’ delays', async () => {
    const report = jsonLines(await cli('route', '--to', '100', '--json'))[0]!;
    expect(report.rule).toEqual({ name: 'reception', at: `${rulesFile}:2` });
    expect(report.reply).toEqual({
      code: 'Access-Accept',
      attributes: [
        ['Called-Station-Id', 'tel:201'],
        ['Called-Station-Id', '15+sip:alice@mobile.example'],
        ['Called-Station-Id', '25+sip:vm-201@vm.example'],
        ['Called-Station-Id', '30+tel:202'],
        ['Called-Station-Id', '40+tel:203'],
        ['Called-Station-Id', '60+447700900123@a'],
        ['Called-Station-Id', '999+447700900123@b'],
      ],
    });
    const notes = (report.trace as Array<{ rule: string; notes: string[] }>).find((t) => t.rule === 'reception')!.notes.join('; ');
    expect(notes).toContain('201 (alice): 2 feature legs added');
    expect(notes).toContain('group sales (cascade, 10 s): 202, 203 at 10+');
    expect(notes).toContain('lcr uk: prefix 447 → 447700900123@a (priority 1, rate 0.5), 447700900123@b (priority 2, rate 0.2)');
  });
});
