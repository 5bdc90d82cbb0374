// The fraud section of the configuration: the UK preset, classes added to it, and malformed
// thresholds refused at their file:line with the key path.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fraudDestinations } from '../../src/config/fraud.js';
import { loadConfig } from '../../src/config/load.js';
import { SourceError, type SourceProblem } from '../../src/text/yaml-validation.js';

const dir = mkdtempSync(join(tmpdir(), 'firebridge-fraud-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
function yamlFile(...lines: string[]): string {
  const path = join(dir, `config-${++count}.yaml`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function problemsOf(path: string): { message: string; problems: readonly SourceProblem[] } {
  try {
    loadConfig(path, {});
  } catch (err) {
    if (err instanceof SourceError) return { message: err.message, problems: err.problems };
    throw err;
  }
  throw new Error('expected a SourceError');
}

describe('fraud configuration', () => {
  it('is off by default: no classes, no thresholds, no webhook', () => {
    const { config } = loadConfig(yamlFile('log: {level: info}'), {});
    expect(fraudDestinations(config.fraud)).toEqual([]);
    expect(config.fraud).toMatchObject({ thresholds: {}, emergency: [], shortCallSeconds: 10, blockMinutes: 60 });
    expect(config.fraud.webhook).toBeUndefined();
  });

  it('takes the UK preset, with a class added and one overridden by name', () => {
    const { config } = loadConfig(
      yamlFile(
        'fraud:',
        '  preset: uk',
        '  classes:',
        '    mobile: {prefixes: ["07", "+447"], except: ["07700"]}',
        '    freephone: {prefixes: ["0800"]}',
        '  thresholds:',
        '    international:',
        '      subscriber: {callsPerMinute: {warn: 3, block: 5}}',
        '  webhook: {url: "http://127.0.0.1:9/alerts", secret: "sixteen-chars-at-least"}',
      ),
      {},
    );
    const names = fraudDestinations(config.fraud).map((c) => c.name);
    expect(names).toEqual(['international', 'premium', 'directory', 'satellite', 'mobile', 'freephone']);
    expect(fraudDestinations(config.fraud).find((c) => c.name === 'mobile')).toEqual({ name: 'mobile', prefixes: ['07', '+447'], except: ['07700'] });
    expect(config.fraud.webhook).toMatchObject({ timeoutMs: 5000, retries: 5, firstRetryMs: 1000, queue: 1000 });
  });

  it('refuses a block level below its warning level, at its line', () => {
    const path = yamlFile('fraud:', '  preset: uk', '  thresholds:', '    international:', '      subscriber:', '        callsPerMinute: {warn: 5, block: 3}');
    const { message, problems } = problemsOf(path);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: path, line: 6, path: 'fraud.thresholds.international.subscriber.callsPerMinute.block' });
    expect(message).toContain(`${path}:6:`);
    expect(message).toContain('block (3) must not be below warn (5)');
  });

  it('refuses an unknown destination class, naming the known ones', () => {
    const path = yamlFile('fraud:', '  preset: uk', '  thresholds:', '    intl:', '      subscriber: {concurrent: {block: 2}}');
    const { problems } = problemsOf(path);
    expect(problems).toHaveLength(1);
    // At the class's value, where the loader places a problem of a map entry.
    expect(problems[0]).toMatchObject({ file: path, line: 5, path: 'fraud.thresholds.intl' });
    expect(problems[0]!.message).toMatch(/unknown destination class "intl".*international, premium/);
  });

  it('refuses an unknown metric, an unknown subject kind and a level-less threshold', () => {
    const path = yamlFile(
      'fraud:',
      '  preset: uk',
      '  thresholds:',
      '    premium:',
      '      subscriber: {callsPerHour: {block: 2}}',
      '      user: {concurrent: {block: 2}}',
      '      cui: {concurrent: {}}',
    );
    const lines = problemsOf(path).problems.map((p) => p.line).sort();
    expect(lines).toEqual([5, 6, 7]);
  });

  it('refuses a prefix that is not digits', () => {
    const path = yamlFile('fraud:', '  classes:', '    odd: {prefixes: ["+44x"]}');
    expect(problemsOf(path).problems[0]).toMatchObject({ line: 3 });
  });
});
