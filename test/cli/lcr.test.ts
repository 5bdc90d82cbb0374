// `firebridge lcr …`: the CSV validated whole (every bad row named by line, nothing written), and
// the commands against the test Redis as an operator runs them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { LCR_IMPORT_COLUMNS, parseLcrImport } from '../../src/app/lcr-import.js';
import type { RedisClient } from '../../src/store/index.js';
import { jsonLines, runCli, stderrBesideContext } from '../support/cli.js';
import { connectTest, redisTopology, uniquePrefix } from '../support/stores.js';

function problems(text: string): string[] {
  const r = parseLcrImport(text);
  if (r.ok) throw new Error(`expected refusal, got ${r.entries.length} entries`);
  return r.problems.map((p) => `${p.line}: ${p.message}`);
}

describe('LCR import file', () => {
  it('reads every column', () => {
    const r = parseLcrImport(`${Object.keys(LCR_IMPORT_COLUMNS).join(',')}\n4420,bt,1,0.85,mon-fri 08:00-18:00 Europe/London,2,0\n44,cheap,2,0.4,,,\n`);
    expect(r).toEqual({
      ok: true,
      entries: [
        { prefix: '4420', carrier: 'bt', priority: 1, rate: 0.85, window: 'mon-fri 08:00-18:00 Europe/London', strip: 2, prepend: '0' },
        { prefix: '44', carrier: 'cheap', priority: 2, rate: 0.4 },
      ],
    });
  });

  it('refuses every bad row with its line, column and value', () => {
    const text = [
      'prefix,carrier,priority,rate,window,strip',
      '# comment lines are skipped',
      '4420,bt,1,0.85,,',
      '44x,bt,1,0.5,,',
      '44,@bt,one,cheap,,',
      '',
      '33,fr,1,0.2,weekdays,',
      '33,fr,1,0.3,,99',
      '4420,bt,2,0.9,,',
      '1,us,1',
      ',us,,0.1,,',
    ].join('\n');
    expect(problems(text)).toEqual([
      '4: column "prefix": "44x" is not a number prefix (digits, optionally a leading +)',
      '5: column "carrier": "@bt" is not a carrier name (letters, digits, ".", "_", "-"; without "@")',
      '5: column "priority": "one" is not a whole number ≥ 0',
      '5: column "rate": "cheap" is not a decimal number ≥ 0 (like 0.85)',
      expect.stringMatching(/^7: column "window": "weekdays" has "weekdays", which is no weekday list/) as unknown as string,
      '8: column "strip": "99" is not a whole number from 0 to 32',
      '9: prefix 4420 carrier bt again (first at line 3)',
      '10: 3 fields, the header has 6',
      '11: column "prefix" is empty',
      '11: column "priority" is empty',
    ]);
  });

  it('refuses a header without the required columns, or with unknown ones', () => {
    expect(problems('prefix,carrier,cost\n44,bt,1\n')).toEqual([
      '1: header column 3: unknown column "cost" (columns: prefix, carrier, priority, rate, window, strip, prepend)',
      '1: header: no "priority" column',
      '1: header: no "rate" column',
    ]);
    expect(problems('')).toEqual(['1: empty file: expected a header row (prefix,carrier,priority,rate,…)']);
    expect(problems('prefix,carrier,priority,rate\n')).toEqual(['1: no entries after the header row']);
  });
});

describe('firebridge lcr', () => {
  const prefix = uniquePrefix();
  let cfg: string;
  let dir: string;
  let redis: RedisClient;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fb-lcr-'));
    cfg = join(dir, 'c.yaml');
    writeFileSync(cfg, stringify({ redis: { ...redisTopology('redis'), keyPrefix: prefix } }));
    redis = await connectTest('redis');
  });
  afterAll(() => redis.quit());

  const file = (name: string, text: string): string => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('imports all or nothing, shows the choice for a number, lists and deletes', async () => {
    const good = file('uk.csv', 'prefix,carrier,priority,rate,window\n4420,a,1,0.8,\n4420,b,2,1.1,\n4420,c,1,0.5,sat-sun\n44,cheap,1,0.1,\n');
    const dry = await runCli(['lcr', 'import', 'uk', good, '--dry-run', '--config', cfg]);
    expect(dry.stdout).toBe(`${good}: 4 entries (2 prefixes) valid for LCR table uk; nothing written (--dry-run)\n`);
    expect(await redis.exists(`${prefix}lcr:{uk}`)).toBe(0);

    const imported = await runCli(['lcr', 'import', 'uk', good, '--config', cfg]);
    expect(stderrBesideContext(imported.stderr)).toBe('');
    expect(imported.stdout).toBe(`LCR table uk: imported 4 entries (2 prefixes) from ${good}\n`);

    // A bad file is refused with every problem, and the table stays as it was.
    const bad = file('bad.csv', 'prefix,carrier,priority,rate\n4420,z,1,0.1\n44,,1,0.2\nabc,z,1,0.3\n');
    const refused = await runCli(['lcr', 'import', 'uk', bad, '--config', cfg]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('import refused, nothing written (2 problems)');
    expect(refused.stderr).toContain(`${bad}:3: column "carrier" is empty`);
    expect(refused.stderr).toContain(`${bad}:4: column "prefix": "abc" is not a number prefix`);

    // Monday 10:00 UTC: c (sat-sun) is outside its window.
    const show = await runCli(['lcr', 'show', 'uk', '--number', '442071234567', '--at', '2026-11-23T10:00:00Z', '--config', cfg]);
    expect(show.stdout).toContain('lcr uk: prefix 4420 → @a (priority 1, rate 0.8), @b (priority 2, rate 1.1); @c (prefix 4420) skipped: outside sat-sun');
    const json = jsonLines((await runCli(['lcr', 'show', 'uk', '--number', '442071234567', '--at', '2026-11-28T10:00:00Z', '--json', '--config', cfg])).stdout);
    expect(json).toHaveLength(1);
    expect((json[0]!.legs as Array<{ leg: string }>).map((l) => l.leg)).toEqual(['@c', '998+@a', '999+@b']);
    expect(json[0]!.prefix).toBe('4420');

    const table = jsonLines((await runCli(['lcr', 'show', 'uk', '--json', '--at', '2026-11-23T10:00:00Z', '--config', cfg])).stdout);
    expect((table[0]!.entries as Array<{ carrier: string; now: string }>).map((e) => `${e.carrier} ${e.now}`)).toEqual([
      'cheap usable',
      'c outside window',
      'a usable',
      'b usable',
    ]);

    const list = jsonLines((await runCli(['lcr', 'list', '--json', '--config', cfg])).stdout);
    expect(list.map((t) => [t.table, t.entries, t.prefixes, t.source])).toEqual([['uk', 4, 2, good]]);

    expect((await runCli(['lcr', 'del', 'uk', '--config', cfg])).stdout).toBe('LCR table uk: deleted\n');
    const gone = await runCli(['lcr', 'show', 'uk', '--config', cfg]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('no LCR table uk');
    expect(jsonLines((await runCli(['lcr', 'list', '--json', '--config', cfg])).stdout)).toEqual([]);
  });

  it('refuses a table name that cannot be a key', async () => {
    const r = await runCli(['lcr', 'import', 'u k{x}', file('x.csv', 'prefix,carrier,priority,rate\n44,a,1,1\n'), '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('an LCR table name is letters, digits');
  });
});
