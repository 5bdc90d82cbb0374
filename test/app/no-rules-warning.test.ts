// The server says, at start and on every reload, when its rule set would route no call.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rulesDirWith, startTestServer, type TestServer } from '../support/server.js';

const warnings = (server: TestServer): unknown[] => server.logs.filter((l) => l.level === 40 && /^no routing rules:/.test(String(l.msg))).map((l) => l.msg);

describe('no routing rules', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('is warned about at start and on each reload that leaves the set empty', async () => {
    server = await startTestServer({}, {});
    expect(warnings(server)).toEqual(['no routing rules: every call will be rejected (rules.noMatch: reject)']);
    writeFileSync(join(server.rulesDir, 'a.yaml'), 'rules:\n  - { name: a, route: [] }\n');
    server.running.reload(server.config);
    expect(warnings(server)).toHaveLength(1);
    writeFileSync(join(server.rulesDir, 'a.yaml'), 'rules: []\n');
    server.running.reload(server.config);
    expect(warnings(server)).toHaveLength(2);
  });

  it('names the FireBrick when rules.noMatch is firebrick', async () => {
    server = await startTestServer({ rules: { dir: rulesDirWith({ 'a.yaml': 'rules: []\n' }), noMatch: 'firebrick', watch: false } });
    expect(warnings(server)).toEqual(["no routing rules: every call will be routed by the FireBrick's own configuration (rules.noMatch: firebrick)"]);
  });
});
