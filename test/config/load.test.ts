// Loading the configuration file: defaults, errors positioned at file:line:column with the key path,
// warnings, environment overrides, and the shipped example.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { firebrickClients } from '../../src/config/schema.js';
import { ENVIRONMENT_OVERRIDES, loadConfig, type LoadedConfig } from '../../src/config/load.js';
import { SourceError, type SourceProblem } from '../../src/text/yaml-validation.js';

const dir = mkdtempSync(join(tmpdir(), 'firebridge-config-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
/** Writes `lines` (joined with newlines) to a fresh YAML file and returns its path. */
function yamlFile(...lines: string[]): string {
  const path = join(dir, `config-${++fileCount}.yaml`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const GOOD_CLIENT = ['clients:', '  - name: fb1', '    address: 192.0.2.10', '    secret: a-long-enough-shared-secret'];

/** The SourceError a load throws (fails the test if it does not throw one). */
function loadError(path: string | undefined, env: NodeJS.ProcessEnv = {}): SourceError {
  try {
    loadConfig(path, env);
  } catch (err) {
    if (err instanceof SourceError) return err;
    throw err;
  }
  throw new Error('expected loadConfig to throw a SourceError');
}

function only(problems: readonly SourceProblem[]): SourceProblem {
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe('loadConfig defaults', () => {
  it('fills in the documented defaults around a minimal client list', () => {
    const { config, warnings, file }: LoadedConfig = loadConfig(yamlFile(...GOOD_CLIENT), {});
    expect(file).toMatch(/config-\d+\.yaml$/);
    expect(warnings).toEqual([]);
    expect(config.listen).toEqual({ host: '::', auth: 1812, acct: 1813 });
    expect(config.rules).toMatchObject({ dir: 'routing-rules', noMatch: 'reject' });
    expect(config.redis.url).toBeUndefined();
    expect(config.radius.duplicateWindowSeconds).toBe(10);
    expect(config.clients).toEqual([
      {
        kind: 'firebrick',
        name: 'fb1',
        address: '192.0.2.10',
        secret: 'a-long-enough-shared-secret',
        requireMessageAuthenticator: true,
        disconnectPort: 3799,
        firebrick: { sipAorAttribute: 'mirror', registerNumberAttribute: 'Calling-Station-Id', routingModel: 'v1.24' },
      },
    ]);
  });

  it('keeps explicit per-client FireBrick settings and fills the rest', () => {
    const { config } = loadConfig(
      yamlFile(...GOOD_CLIENT, '    firebrick:', '      sipAorAttribute: 121', '  - name: fb2', '    address: 2001:db8::/64', '    secret: another-long-shared-secret'),
      {},
    );
    const [fb1, fb2] = firebrickClients(config.clients);
    expect(fb1!.firebrick).toEqual({ sipAorAttribute: 121, registerNumberAttribute: 'Calling-Station-Id', routingModel: 'v1.24' });
    expect(fb2!.firebrick).toEqual({ sipAorAttribute: 'mirror', registerNumberAttribute: 'Calling-Station-Id', routingModel: 'v1.24' });
  });

  it('a FaxBack port server client gets its own defaults: no Message-Authenticator required, the FaxBack profile', () => {
    const { config } = loadConfig(yamlFile('clients:', '  - name: fax1', '    kind: faxback', '    address: 192.0.2.20', '    secret: a-long-enough-shared-secret'), {});
    expect(config.clients).toEqual([
      {
        kind: 'faxback',
        name: 'fax1',
        address: '192.0.2.20',
        secret: 'a-long-enough-shared-secret',
        requireMessageAuthenticator: false,
        disconnectPort: 3799,
        faxback: { uuidMode: false, uuidEncoding: 'dash', callAheadIn: 'pre-send', answer: { getDid: true, getDidsForAccount: true, callAhead: true } },
      },
    ]);
    expect(firebrickClients(config.clients)).toEqual([]);
  });

  it('refuses settings of the other kind of client, naming the line', () => {
    const err = loadError(yamlFile(...GOOD_CLIENT, '    faxback:', '      uuidMode: true'));
    const problem = only(err.problems);
    expect(problem.message).toMatch(/only a client of kind "faxback" takes "faxback" settings/);
    expect(problem.line).toBe(6);
  });

  it('an empty file and no file at all load as defaults, with a warning that no client can be served', () => {
    for (const loaded of [loadConfig(yamlFile(''), {}), loadConfig(undefined, {})]) {
      expect(loaded.config.listen).toEqual({ host: '::', auth: 1812, acct: 1813 });
      expect(loaded.config.clients).toEqual([]);
      expect(loaded.warnings.map((w) => w.path)).toEqual(['clients']);
    }
    expect(loadConfig(undefined, {}).file).toBeUndefined();
  });

  it('reads the file named by FIREBRIDGE_CONFIG when no path is given', () => {
    const path = yamlFile(...GOOD_CLIENT);
    const loaded = loadConfig(undefined, { FIREBRIDGE_CONFIG: path });
    expect(loaded.file).toBe(path);
    expect(loaded.config.clients[0]!.name).toBe('fb1');
  });
});

describe('loadConfig errors name file:line:column and the key path', () => {
  it('an unknown key inside a section', () => {
    const path = yamlFile('listen:', '  host: "::"', '  bogus: 1', ...GOOD_CLIENT);
    const error = loadError(path);
    const p = only(error.problems);
    expect(p.file).toBe(path);
    expect(p.path).toMatch(/^listen/);
    expect(p.message).toMatch(/bogus/);
    expect(p.line).toBeGreaterThanOrEqual(2);
    expect(p.line).toBeLessThanOrEqual(3);
    expect(error.message).toBe(`${path}:${p.line}:${p.column}: ${p.path}: ${p.message}`);
  });

  // zod reports unrecognized keys at the enclosing object; the loader points at the key itself.
  it('an unknown key is reported at its own line', () => {
    const p = only(loadError(yamlFile('listen:', '  host: "::"', '  bogus: 1')).problems);
    expect(p.line).toBe(3);
  });

  it('an unknown top-level key', () => {
    const path = yamlFile(...GOOD_CLIENT, 'clinets: []');
    const p = only(loadError(path).problems);
    expect(p.file).toBe(path);
    expect(p.message).toMatch(/clinets/);
    expect(loadError(path).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: .*clinets`));
  });

  it('an unknown key in a client', () => {
    const path = yamlFile(...GOOD_CLIENT, '    sercet: typo');
    const p = only(loadError(path).problems);
    expect(p.path).toMatch(/^clients\[0\]/);
    expect(p.message).toMatch(/sercet/);
  });

  it('call duration limits are off by default, and a bad one is refused at its line', () => {
    expect(loadConfig(yamlFile(...GOOD_CLIENT), {}).config.limits).toEqual({
      maxCallSeconds: 0,
      sweepIntervalMs: 1000,
      disconnectAttempts: 3,
      disconnectTimeoutMs: 1000,
      stopWaitSeconds: 10,
    });
    const path = yamlFile(...GOOD_CLIENT, 'limits:', '  maxCallSeconds: -5', '  disconnectAttempts: 0');
    const problems = loadError(path).problems;
    expect(problems.map((p) => [p.line, p.column, p.path])).toEqual([
      [6, 19, 'limits.maxCallSeconds'],
      [7, 23, 'limits.disconnectAttempts'],
    ]);
  });

  it('a bad CIDR, at the line of the address', () => {
    const path = yamlFile('clients:', '  - name: fb1', '    address: 192.0.2.0/33', '    secret: a-long-enough-shared-secret');
    const p = only(loadError(path).problems);
    expect(p).toMatchObject({ file: path, line: 3, column: 14, path: 'clients[0].address' });
    expect(p.message).toMatch(/192\.0\.2\.0\/33.*prefix length must be 0\.\.32/);
  });

  it('an address that is not an IP address at all, in the second client', () => {
    const path = yamlFile(...GOOD_CLIENT, '  - name: fb2', '    address: fb2.example.com', '    secret: a-long-enough-shared-secret');
    const p = only(loadError(path).problems);
    expect(p).toMatchObject({ line: 6, path: 'clients[1].address' });
    expect(p.message).toMatch(/not an IP address or CIDR prefix/);
  });

  it('an empty secret', () => {
    const path = yamlFile('clients:', '  - name: fb1', '    address: 192.0.2.10', '    secret: ""');
    const p = only(loadError(path).problems);
    expect(p).toMatchObject({ line: 4, path: 'clients[0].secret' });
    expect(p.message).toMatch(/empty shared secret is forbidden/);
  });

  it('duplicate client names, at the second one', () => {
    const path = yamlFile(...GOOD_CLIENT, '  - name: fb1', '    address: 192.0.2.11', '    secret: a-long-enough-shared-secret');
    const p = only(loadError(path).problems);
    expect(p).toMatchObject({ line: 5, path: 'clients[1].name' });
    expect(p.message).toMatch(/duplicate client name \(also clients\[0\]\)/);
  });

  it('several problems are all reported, each with its own position', () => {
    const path = yamlFile('listen:', '  auth: 70000', 'clients:', '  - name: fb1', '    address: nowhere', '    secret: ""');
    const problems = loadError(path).problems;
    expect(problems.map((p) => [p.path, p.line])).toEqual([
      ['listen.auth', 2],
      ['clients[0].address', 5],
      ['clients[0].secret', 6],
    ]);
  });

  it('problems are listed in the order of the file, not of the schema', () => {
    const path = yamlFile('log:', '  level: loud', 'bogus: 1', 'listen:', '  auth: "1812"', ...GOOD_CLIENT, '    colour: red');
    expect(loadError(path).problems.map((p) => [p.line, p.path])).toEqual([
      [2, 'log.level'],
      [3, 'bogus'],
      [5, 'listen.auth'],
      [10, 'clients[0].colour'],
    ]);
  });

  it('an unclosed bracket is reported where it opens', () => {
    const p = only(loadError(yamlFile('clients: [', '  { name: fb1, address: 192.0.2.10, secret: a-long-enough-shared-secret }', 'listen:', '  auth: 1812')).problems);
    expect(p).toMatchObject({ line: 1, column: 10 });
    expect(p.message).toMatch(/the "\[" opened here is not closed/);
  });

  it('a YAML syntax error, with its position', () => {
    const path = yamlFile('listen:', '  host: a: b', 'clients: []');
    const error = loadError(path);
    const p = only(error.problems);
    expect(p).toMatchObject({ file: path, line: 2, column: 9, path: '' });
    expect(p.message).toMatch(/Nested mappings are not allowed/);
    expect(error.message).toBe(`${path}:2:9: ${p.message}`);
    const tab = only(loadError(yamlFile('listen:', '\thost: "::"')).problems);
    expect(tab).toMatchObject({ line: 2, column: 1 });
    expect(tab.message).toMatch(/[Tt]ab/);
  });

  it('a duplicated key and bad indentation are syntax errors with positions', () => {
    const dup = loadError(yamlFile('listen:', '  auth: 1812', '  auth: 1645')).problems[0]!;
    expect(dup.line).toBe(3);
    expect(dup.message).toMatch(/unique|duplicate/i);
    const indent = loadError(yamlFile('listen:', '  host: "::"', ' auth: 1812')).problems[0]!;
    expect(indent.line).toBe(3);
  });

  it('a file that cannot be read', () => {
    const missing = join(dir, 'does-not-exist.yaml');
    const p = only(loadError(missing).problems);
    expect(p.file).toBe(missing);
    expect(p.message).toMatch(/cannot read/);
  });
});

describe('accounting durability settings (issue 15)', () => {
  it('default to stored, without a journal', () => {
    const { accounting } = loadConfig(yamlFile(...GOOD_CLIENT), {}).config;
    expect(accounting).toMatchObject({ durability: 'stored', replicas: 1, replicaTimeoutMs: 100, journal: { maxBytes: 256 * 1024 * 1024 } });
    expect(accounting.journal.dir).toBeUndefined();
  });

  it('refuse replicated with a Cluster, at the durability line, with the reason', () => {
    const p = only(loadError(yamlFile(...GOOD_CLIENT, 'redis:', '  cluster: {nodes: ["10.0.0.1:6379"]}', 'accounting:', '  durability: replicated')).problems);
    expect(p.line).toBe(8);
    expect(p.path).toBe('accounting.durability');
    expect(p.message).toMatch(/^"replicated" is not available with redis\.cluster: WAIT must reach the master that took the write/);
  });

  it('refuse a replica timeout that does not fit in the Redis command timeout', () => {
    const p = only(loadError(yamlFile(...GOOD_CLIENT, 'redis:', '  url: redis://10.0.0.5', 'accounting:', '  durability: replicated', '  replicaTimeoutMs: 200')).problems);
    expect(p.path).toBe('accounting.replicaTimeoutMs');
    expect(p.message).toBe('must be below redis.commandTimeoutMs (200): the WAIT is itself a Redis command');
  });
});

describe('CLI policy settings (issue 17)', () => {
  const withPolicy = (...lines: string[]): string => yamlFile(...GOOD_CLIENT, '    firebrick:', '      cliPolicy:', ...lines.map((l) => `        ${l}`));

  it('are absent by default (nothing checked), and a preset alone fills the rest', () => {
    expect(firebrickClients(loadConfig(yamlFile(...GOOD_CLIENT), {}).config.clients)[0]!.firebrick.cliPolicy).toBeUndefined();
    const [fb1] = firebrickClients(loadConfig(withPolicy('preset: uk-ofcom'), {}).config.clients);
    expect(fb1!.firebrick.cliPolicy).toEqual({ preset: 'uk-ofcom', action: 'reject', internationalGateways: [], roamingMobiles: 'present' });
  });

  it('an unknown preset, at its line', () => {
    const path = withPolicy('preset: ofcom');
    const p = only(loadError(path).problems);
    expect(p).toMatchObject({ file: path, line: 7, path: 'clients[0].firebrick.cliPolicy.preset' });
    expect(p.message).toMatch(/none.*uk-ofcom/);
  });

  it('an unknown action, and a gateway written with "@", each at its own line', () => {
    const problems = loadError(withPolicy('preset: uk-ofcom', 'action: drop', 'internationalGateways: ["@intl"]')).problems;
    expect(problems.map((p) => [p.line, p.path])).toEqual([
      [8, 'clients[0].firebrick.cliPolicy.action'],
      [9, 'clients[0].firebrick.cliPolicy.internationalGateways[0]'],
    ]);
    expect(problems[1]!.message).toBe('a FireBrick carrier name, without "@"');
  });

  it('settings that do nothing without a preset, and an unknown key', () => {
    const inert = only(loadError(withPolicy('internationalGateways: [intl]')).problems);
    expect(inert).toMatchObject({ line: 7, path: 'clients[0].firebrick.cliPolicy.internationalGateways' });
    expect(inert.message).toBe('has no effect with preset "none": set preset "uk-ofcom"');
    const typo = only(loadError(withPolicy('preset: uk-ofcom', 'gateways: [intl]')).problems);
    expect(typo.path).toMatch(/^clients\[0\]\.firebrick\.cliPolicy/);
    expect(typo.message).toMatch(/gateways/);
  });
});

describe('loadConfig warnings', () => {
  it('warns about a secret shorter than 16 characters', () => {
    const { warnings } = loadConfig(yamlFile('clients:', '  - name: weak', '    address: 192.0.2.10', '    secret: short'), {});
    expect(warnings).toEqual([{ path: 'clients[0].secret', message: expect.stringMatching(/"weak" is shorter than 16 characters/) }]);
  });

  it('warns about a client exempted from Message-Authenticator (BlastRADIUS)', () => {
    const { warnings } = loadConfig(yamlFile(...GOOD_CLIENT, '    requireMessageAuthenticator: false'), {});
    expect(warnings).toEqual([{ path: 'clients[0].requireMessageAuthenticator', message: expect.stringMatching(/CVE-2024-3596/) }]);
  });
});

describe('environment overrides', () => {
  it('REDIS_URL, ports, host, rules dir and log level override the file', () => {
    const path = yamlFile('listen:', '  auth: 1812', 'redis:', '  url: redis://file-host:6379', 'log:', '  level: warn', ...GOOD_CLIENT);
    const { config } = loadConfig(path, {
      REDIS_URL: 'redis://env-host:6380/2',
      FIREBRIDGE_AUTH_PORT: '1645',
      FIREBRIDGE_ACCT_PORT: '1646',
      FIREBRIDGE_LISTEN_HOST: '127.0.0.1',
      FIREBRIDGE_RULES_DIR: '/etc/firebridge/rules',
      LOG_LEVEL: 'debug',
    });
    expect(config.redis.url).toBe('redis://env-host:6380/2');
    expect(config.listen).toEqual({ host: '127.0.0.1', auth: 1645, acct: 1646 });
    expect(config.rules.dir).toBe('/etc/firebridge/rules');
    expect(config.log.level).toBe('debug');
    // Other settings of the overridden sections survive.
    expect(config.redis.keyPrefix).toBe('fb:');
    expect(config.clients).toHaveLength(1);
  });

  it('FIREBRIDGE_METRICS_HOST and FIREBRIDGE_METRICS_PORT override metrics.host and metrics.port', () => {
    const path = yamlFile('metrics:', '  enabled: true', '  port: 9000', ...GOOD_CLIENT);
    const { config } = loadConfig(path, { FIREBRIDGE_METRICS_HOST: '0.0.0.0', FIREBRIDGE_METRICS_PORT: '9813' });
    expect(config.metrics).toEqual({ enabled: true, host: '0.0.0.0', port: 9813 });
    expect(loadConfig(undefined, { FIREBRIDGE_METRICS_PORT: '0' }).config.metrics).toEqual({ enabled: true, host: '127.0.0.1', port: 0 });
  });

  it.each(['abc', '65536', '-1'])('a bad metrics port %j is a clear error naming the variable', (value) => {
    const error = loadError(yamlFile(...GOOD_CLIENT), { FIREBRIDGE_METRICS_PORT: value });
    expect(error.message).toBe(`$FIREBRIDGE_METRICS_PORT:1:1: "${value}" is not a TCP port number`);
  });

  it('every overriding variable is listed in ENVIRONMENT_OVERRIDES and in the README table', () => {
    expect(Object.keys(ENVIRONMENT_OVERRIDES)).toEqual(expect.arrayContaining(['FIREBRIDGE_METRICS_HOST', 'FIREBRIDGE_METRICS_PORT']));
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const table = readme.slice(readme.indexOf('| variable | overrides |'), readme.indexOf('| key | default | meaning |'));
    for (const name of Object.keys(ENVIRONMENT_OVERRIDES)) expect(table, name).toContain(`\`${name}\``);
  });

  it('applies to a configuration without a file, and empty variables are ignored', () => {
    const { config } = loadConfig(undefined, { REDIS_URL: 'redis://127.0.0.1:6379', FIREBRIDGE_AUTH_PORT: '0', FIREBRIDGE_ACCT_PORT: '' });
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.listen).toEqual({ host: '::', auth: 0, acct: 1813 });
  });

  it.each(['abc', '-1', '65536', '18 12', '1e3', '0x714'])('a bad port value %j is a clear error naming the variable', (value) => {
    const error = loadError(yamlFile(...GOOD_CLIENT), { FIREBRIDGE_AUTH_PORT: value });
    const p = only(error.problems);
    expect(p.file).toBe('$FIREBRIDGE_AUTH_PORT');
    expect(p.message).toBe(`"${value}" is not a UDP port number`);
    expect(error.message).toBe(`$FIREBRIDGE_AUTH_PORT:1:1: "${value}" is not a UDP port number`);
  });

  it('a REDIS_URL that is not a redis URL is refused', () => {
    const error = loadError(yamlFile(...GOOD_CLIENT), { REDIS_URL: 'http://127.0.0.1:6379' });
    const p = only(error.problems);
    expect(p.path).toBe('redis.url');
    expect(p.message).toMatch(/redis:\/\//);
  });

  it('the file is validated on its own first: its errors point into the file even with overrides set', () => {
    const path = yamlFile('listen:', '  auth: "1812"', ...GOOD_CLIENT);
    const p = only(loadError(path, { FIREBRIDGE_AUTH_PORT: '1645' }).problems);
    expect(p).toMatchObject({ file: path, line: 2, path: 'listen.auth' });
  });
});

describe('the shipped example', () => {
  it('config/firebridge.yaml loads without errors or warnings', () => {
    const example = fileURLToPath(new URL('../../config/firebridge.yaml', import.meta.url));
    const { config, warnings } = loadConfig(example, {});
    expect(warnings).toEqual([]);
    expect(config.clients.map((c) => c.name)).toEqual(['local', 'local6', 'fb2500-office', 'faxback-1']);
    expect(config.listen).toEqual({ host: '::', auth: 1812, acct: 1813 });
  });
});
