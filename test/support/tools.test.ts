// The table of external tools and the one decision every missing tool goes through (tools.ts).
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { decideTool, findOnPath, isCi, TOOLS, toolNamed, type ToolSituation } from './tools.js';

// One suite named, so the lines below stay the same as suites that need radclient come and go.
const radclient = { ...toolNamed('radclient'), neededBy: ['test/radius/radclient.test.ts'] };
const redis = toolNamed('redis-server');
const missing = (over: Partial<ToolSituation> = {}): ToolSituation => ({
  found: false,
  installer: { canInstall: false, reason: 'not running as root, so the tests did not install it' },
  ci: false,
  root: false,
  ...over,
});

describe('decideTool', () => {
  it('a tool on PATH is available, whatever else holds', () => {
    expect(decideTool(radclient, missing({ found: true, ci: true }))).toEqual({ kind: 'available' });
    expect(decideTool(redis, missing({ found: true }))).toEqual({ kind: 'available' });
  });

  it('a missing tool with an installer is installed, with one line saying what and why', () => {
    expect(decideTool(radclient, missing({ installer: { canInstall: true }, root: true }))).toEqual({
      kind: 'install',
      line: 'firebridge tests: installing freeradius-utils with apt-get: radclient is not on PATH and test/radius/radclient.test.ts needs it',
    });
  });

  it('a missing tool that cannot be installed skips its suites: the tool, the suites, the reason, the command', () => {
    expect(decideTool(radclient, missing())).toEqual({
      kind: 'skip',
      line: '!!! SKIPPED test/radius/radclient.test.ts: radclient is not installed (not running as root, so the tests did not install it); install it with: sudo apt-get install -y freeradius-utils',
    });
    const failed = decideTool(radclient, missing({ root: true, installer: { canInstall: false, reason: 'apt-get install -y freeradius-utils failed: E: Unable to locate package freeradius-utils' } }));
    expect(failed).toEqual({
      kind: 'skip',
      line: '!!! SKIPPED test/radius/radclient.test.ts: radclient is not installed (apt-get install -y freeradius-utils failed: E: Unable to locate package freeradius-utils); install it with: apt-get install -y freeradius-utils',
    });
  });

  it('under CI the same tool is a failure, never a skip', () => {
    expect(decideTool(radclient, missing({ ci: true }))).toEqual({
      kind: 'fail',
      line: '!!! FAILING (CI=true never skips): test/radius/radclient.test.ts cannot run: radclient is not installed (not running as root, so the tests did not install it); install it with: sudo apt-get install -y freeradius-utils',
    });
  });

  it('redis-server is needed by the whole run: missing, it stops the run with or without CI', () => {
    for (const ci of [false, true]) {
      expect(decideTool(redis, missing({ ci }))).toEqual({
        kind: 'fail',
        line: '!!! CANNOT RUN THE TESTS: redis-server is not installed (not running as root, so the tests did not install it); install it with: sudo apt-get install -y redis-server',
      });
    }
    expect(decideTool(redis, missing({ installer: { canInstall: true } })).kind).toBe('install');
  });
});

describe('isCi', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['0', false],
    ['false', false],
    ['FALSE', false],
    ['true', true],
    ['1', true],
    ['yes', true],
  ])('CI=%s → %s', (value, expected) => {
    expect(isCi(value === undefined ? {} : { CI: value })).toBe(expected);
  });
});

describe('findOnPath', () => {
  const root = mkdtempSync(join(tmpdir(), 'firebridge-path-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds the first executable file of that name, skipping non-executables and directories, like the shell', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((d) => join(root, d));
    for (const d of [a!, b!, c!]) mkdirSync(d);
    writeFileSync(join(a!, 'tool'), 'not executable');
    mkdirSync(join(b!, 'tool'));
    writeFileSync(join(c!, 'tool'), '#!/bin/sh\n');
    chmodSync(join(c!, 'tool'), 0o755);
    expect(findOnPath('tool', [a, '', b, c].join(':'))).toBe(join(c!, 'tool'));
    expect(findOnPath('tool', [a, b].join(':'))).toBeUndefined();
    expect(findOnPath('tool', undefined)).toBeUndefined();
    expect(findOnPath('tool', '')).toBeUndefined();
  });
});

describe('the table of tools', () => {
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  const testFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [relative(repo, join(dir, e.name))] : [],
    );

  it('lists exactly the suites that guard themselves with available(tool), so skip lines name the right files', () => {
    const guarded = new Map<string, string[]>();
    for (const file of testFiles(join(repo, 'test'))) {
      for (const m of readFileSync(join(repo, file), 'utf8').matchAll(/\bavailable\('([^']+)'\)/g)) {
        guarded.set(m[1]!, [...new Set([...(guarded.get(m[1]!) ?? []), file])]);
      }
    }
    const listed = new Map(TOOLS.flatMap((t) => (t.neededBy === 'the whole run' ? [] : [[t.command, [...t.neededBy]]])));
    expect(Object.fromEntries(guarded)).toEqual(Object.fromEntries(listed));
  });
});
