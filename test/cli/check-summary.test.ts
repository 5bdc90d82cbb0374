// `firebridge check` as an operator reads it: counts that agree with their nouns, and a warning when
// the rules would route nothing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fb-check-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function configWith(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fb-check-cfg-')), 'firebridge.yaml');
  writeFileSync(file, yaml);
  return file;
}

describe('firebridge check', () => {
  it('counts in the singular and the plural', async () => {
    const one = dirWith({ 'a.yaml': 'rules:\n  - { name: a, route: [] }\n' });
    expect((await runCli(['check', one])).stdout).toBe(`${one}: 1 rule in 1 file, all valid\n`);
    const two = dirWith({ 'a.yaml': 'rules:\n  - { name: a, route: [] }\n', 'b.yaml': 'rules:\n  - { name: b, route: [] }\n' });
    expect((await runCli(['check', two])).stdout).toBe(`${two}: 2 rules in 2 files, all valid\n`);
    const bad = dirWith({ 'a.yaml': 'rules:\n  - { name: a }\n' });
    const refused = await runCli(['check', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`1 problem in ${bad}`);
  });

  it('warns that an empty rules directory rejects every call', async () => {
    const empty = dirWith({});
    const r = await runCli(['check', empty]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${empty}: 0 rules in 0 files, all valid\n`);
    expect(r.stderr).toBe(`${empty}: warning: no routing rules: every call will be rejected (rules.noMatch: reject)\n`);
  });

  it('and a directory whose files hold no rule, with rules.noMatch: firebrick, leaves every call to the FireBrick', async () => {
    const none = dirWith({ 'a.yaml': 'rules: []\n' });
    const cfg = configWith(`rules:\n  dir: ${JSON.stringify(none)}\n  noMatch: firebrick\n`);
    const r = await runCli(['check', '--config', cfg]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: no routing rules: every call will be routed by the FireBrick's own configuration/);
  });
});
