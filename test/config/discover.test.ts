// Issue 14: `serve` and every other command find the same configuration file the same way.
import { describe, expect, it } from 'vitest';
import { describeConfigLocation, discoverConfig, SYSTEM_CONFIG } from '../../src/config/discover.js';

const CWD = '/srv/firebridge';
const LOCAL = '/srv/firebridge/config/firebridge.yaml';
const existing = (...paths: string[]) => (p: string) => paths.includes(p);

describe('discoverConfig', () => {
  it('--config first, even when the file is missing (an explicit choice never falls through)', () => {
    const all = existing(LOCAL, SYSTEM_CONFIG);
    expect(discoverConfig('my.yaml', { env: { FIREBRIDGE_CONFIG: 'env.yaml' }, cwd: CWD, exists: all })).toEqual({ file: 'my.yaml', origin: 'option' });
    expect(discoverConfig('missing.yaml', { env: {}, cwd: CWD, exists: () => false })).toEqual({ file: 'missing.yaml', origin: 'option' });
  });

  it('then $FIREBRIDGE_CONFIG (an empty value counts as unset)', () => {
    const all = existing(LOCAL, SYSTEM_CONFIG);
    expect(discoverConfig(undefined, { env: { FIREBRIDGE_CONFIG: 'env.yaml' }, cwd: CWD, exists: all })).toEqual({ file: 'env.yaml', origin: 'environment' });
    expect(discoverConfig(undefined, { env: { FIREBRIDGE_CONFIG: '' }, cwd: CWD, exists: all })).toEqual({ file: LOCAL, origin: 'working-directory' });
  });

  it('then ./config/firebridge.yaml of the working directory, as an absolute path', () => {
    expect(discoverConfig(undefined, { env: {}, cwd: CWD, exists: existing(LOCAL, SYSTEM_CONFIG) })).toEqual({ file: LOCAL, origin: 'working-directory' });
  });

  it('then /etc/firebridge/firebridge.yaml, else the built-in defaults', () => {
    expect(discoverConfig(undefined, { env: {}, cwd: CWD, exists: existing(SYSTEM_CONFIG) })).toEqual({ file: SYSTEM_CONFIG, origin: 'system' });
    expect(discoverConfig(undefined, { env: {}, cwd: CWD, exists: () => false })).toEqual({ file: undefined, origin: 'defaults' });
  });

  it('says where the file came from', () => {
    expect(describeConfigLocation({ file: 'c.yaml', origin: 'option' })).toBe('configuration c.yaml (from --config)');
    expect(describeConfigLocation({ file: 'c.yaml', origin: 'environment' })).toBe('configuration c.yaml (from $FIREBRIDGE_CONFIG)');
    expect(describeConfigLocation({ file: LOCAL, origin: 'working-directory' })).toBe(`configuration ${LOCAL} (found in the working directory)`);
    expect(describeConfigLocation({ file: SYSTEM_CONFIG, origin: 'system' })).toBe(`configuration ${SYSTEM_CONFIG}`);
    expect(describeConfigLocation({ file: undefined, origin: 'defaults' })).toBe('no configuration file; built-in defaults');
  });
});
