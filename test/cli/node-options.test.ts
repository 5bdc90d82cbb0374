import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingServeOptions, SERVE_NODE_OPTIONS } from '../../src/cli/node-options.js';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

describe('the Node options serve runs with', () => {
  it('are missing when neither the command line nor NODE_OPTIONS sets them', () => {
    expect(missingServeOptions([], '')).toEqual(SERVE_NODE_OPTIONS);
    expect(missingServeOptions(['--enable-source-maps'], '--no-warnings')).toEqual(SERVE_NODE_OPTIONS);
  });

  it('are given by any value, with dashes or underscores, on the command line or in NODE_OPTIONS', () => {
    expect(missingServeOptions(['--max-semi-space-size=64'])).toEqual([]);
    expect(missingServeOptions(['--max_semi_space_size=8'])).toEqual([]);
    expect(missingServeOptions([], ' --no-warnings  --max-semi-space-size=32 ')).toEqual([]);
  });

  it('are passed by npm start, the image and the executable itself', () => {
    const options = SERVE_NODE_OPTIONS.join(' ');
    expect((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start).toBe(`node ${options} dist/cli/main.js serve`);
    expect(read('Dockerfile')).toContain(`ENTRYPOINT ["node", ${SERVE_NODE_OPTIONS.map((o) => JSON.stringify(o)).join(', ')}, "dist/cli/main.js"]`);
    expect(read('src/cli/main.ts').split('\n')[0]).toBe(`#!/usr/bin/env -S node ${options}`);
  });
});
