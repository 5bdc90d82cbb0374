// The configuration file: defaults, positioned errors, environment overrides, warnings.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { SourceError } from '../../src/text/yaml-validation.js';

function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fb-config-'));
  const p = join(dir, 'firebridge.yaml');
  writeFileSync(p, text);
  return p;
}

function errorOf(text: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    loadConfig(file(text), env);
  } catch (err) {
    if (err instanceof SourceError) return err.message.replace(/^.*firebridge\.yaml/gm, 'F');
    throw err;
  }
  throw new Error('expected an error');
}

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const { config } = loadConfig(file('clients:\n  - { name: fb1, address: 192.0.2.0/24, secret: 0123456789abcdef }\n'), {});
    expect(config.listen).toEqual({ host: '::', auth: 1812, acct: 1813 });
    expect(config.rules.dir).toBe('routing-rules');
    expect(config.clients[0]).toMatchObject({
      requireMessageAuthenticator: true,
      disconnectPort: 3799,
      firebrick: { sipAorAttribute: 'mirror', registerNumberAttribute: 'Calling-Station-Id', routingModel: 'v1.24' },
    });
    expect(config.redis).toMatchObject({ keyPrefix: 'fb:', failurePolicy: 'drop', commandTimeoutMs: 200 });
  });

  it.each([
    ['unknown key', 'listen:\n  port: 1\n', /^F:2:3: listen.port: unknown key "port"/m],
    ['bad CIDR', 'clients:\n  - name: a\n    address: 10.0.0.0/33\n    secret: 0123456789abcdef\n', /^F:3:14: clients\[0\]\.address: "10\.0\.0\.0\/33": prefix length must be 0\.\.32/m],
    ['not an address', 'clients:\n  - { name: a, address: fb.example, secret: 0123456789abcdef }\n', /clients\[0\]\.address: "fb\.example" is not an IP address/],
    ['empty secret', 'clients:\n  - { name: a, address: ::1, secret: "" }\n', /clients\[0\]\.secret: an empty shared secret is forbidden/],
    ['duplicate names', 'clients:\n  - { name: a, address: ::1, secret: 0123456789abcdef }\n  - { name: a, address: ::2, secret: 0123456789abcdef }\n', /^F:3:\d+: clients\[1\]\.name: duplicate client name/m],
    ['bad profile value', 'clients:\n  - { name: a, address: ::1, secret: 0123456789abcdef, firebrick: { sipAorAttribute: 123 } }\n', /clients\[0\]\.firebrick\.sipAorAttribute/],
    ['YAML syntax', 'listen: [\n', /^F:\d+:\d+: /m],
    ['static policy without rules', 'redis: { failurePolicy: static }\n', /redis\.fallbackRulesDir: failurePolicy "static" needs fallbackRulesDir/],
  ])('%s', (_n, text, pattern) => {
    expect(errorOf(text)).toMatch(pattern);
  });

  it('takes environment overrides and explains a bad one', () => {
    const p = file('listen: { auth: 1 }\n');
    const { config } = loadConfig(p, { REDIS_URL: 'redis://10.0.0.5:6379', FIREBRIDGE_AUTH_PORT: '11812', FIREBRIDGE_RULES_DIR: '/etc/fb/rules', LOG_LEVEL: 'debug' });
    expect(config.redis.url).toBe('redis://10.0.0.5:6379');
    expect(config.listen.auth).toBe(11812);
    expect(config.rules.dir).toBe('/etc/fb/rules');
    expect(config.log.level).toBe('debug');
    expect(() => loadConfig(p, { FIREBRIDGE_ACCT_PORT: 'x' })).toThrow(/\$FIREBRIDGE_ACCT_PORT:1:1: "x" is not a UDP port number/);
    expect(loadConfig(undefined, { FIREBRIDGE_CONFIG: p }).file).toBe(p);
  });

  it('warns about short secrets, exempted Message-Authenticator and no clients', () => {
    const { warnings } = loadConfig(file('clients:\n  - { name: a, address: ::1, secret: short, requireMessageAuthenticator: false }\n'), {});
    expect(warnings.map((w) => w.path)).toEqual(['clients[0].secret', 'clients[0].requireMessageAuthenticator']);
    expect(loadConfig(file('{}\n'), {}).warnings[0]!.message).toMatch(/no clients configured/);
  });

  it('the shipped example configuration is valid', () => {
    const example = fileURLToPath(new URL('../../config/firebridge.yaml', import.meta.url));
    expect(loadConfig(example, {}).config.clients.length).toBeGreaterThan(0);
  });
});
