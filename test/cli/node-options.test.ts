import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingServeOptions, SERVE_NODE_OPTIONS } from '../../src/cli/node-options.js';

const ROOT = join(import.meta.dirname, '..', '..');

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

  // npm start and the image: test/deploy.test.ts.
  it('are passed by the executable itself', () => {
    expect(readFileSync(join(ROOT, 'src/cli/main.ts'), 'utf8').split('\n')[0]).toBe(`#!/usr/bin/env -S node ${SERVE_NODE_OPTIONS.join(' ')}`);
  });
});
