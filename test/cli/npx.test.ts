// Issue 14: `firebridge` is not on PATH after `npm ci`; the README's form is `npx firebridge …`, which
// runs this checkout's own "bin" (dist/cli/main.js, after `npm run build`). --offline and --yes=false
// make sure it never fetches a package of that name from the registry instead.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('npx firebridge', () => {
  it('runs the built command from the checkout', () => {
    const r = spawnSync('npx', ['--offline', '--yes=false', '--', 'firebridge', 'regs', 'show', '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage: firebridge regs show [options] <number>');
  });
});
