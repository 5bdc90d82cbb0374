// The setup's install path, against a stand-in apt-get on a private PATH: the real apt-get is never
// run (and nothing on the machine is installed or removed). The stand-in logs its arguments and
// behaves as apt-get does in each case: installs a package, cannot find one, or finds the lock held.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aptGet } from './apt-get.js';
import { prepareTools } from './prepare-tools.js';
import { toolNamed } from './tools.js';

/** The suites radclient's lines name: all of them, from the one table (tools.ts). */
const RADCLIENT_SUITES = (toolNamed('radclient').neededBy as readonly string[]).join(', ');
const SIPP_SUITES = (toolNamed('sipp').neededBy as readonly string[]).join(', ');

let bin: string;
beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), 'firebridge-apt-'));
  executable('redis-server', '#!/bin/sh\n');
  executable('redis-cli', '#!/bin/sh\n');
  // Present, so that these cases are about the two tools they name (the decision is the same for every one).
  executable('chromium', '#!/bin/sh\n');
});
afterEach(() => rmSync(bin, { recursive: true, force: true }));

function executable(name: string, text: string): void {
  writeFileSync(join(bin, name), text);
  chmodSync(join(bin, name), 0o755);
}

/** A stand-in apt-get whose behaviour for `update` and each `install -y PACKAGE` is a shell snippet. */
function fakeAptGet(cases: Record<string, string>): void {
  const arms = Object.entries(cases).map(([args, body]) => `  *"${args}"*) ${body} ;;`);
  executable('apt-get', `#!/bin/sh\necho "$*" >> '${join(bin, 'calls.log')}'\ncase "$*" in\n${arms.join('\n')}\n  *) exit 99 ;;\nesac\n`);
}
const calls = (): string[] => (existsSync(join(bin, 'calls.log')) ? readFileSync(join(bin, 'calls.log'), 'utf8').trim().split('\n') : []);
const installs = (command: string): string => `printf '#!/bin/sh\\n' > '${join(bin, command)}'; chmod 755 '${join(bin, command)}'; exit 0`;
const LOCK_WAIT = "echo 'Waiting for cache lock: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)... 3s'";
const LOCK_ERROR = [
  "echo 'E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)' >&2",
  "echo 'E: Unable to lock directory /var/lib/apt/lists/' >&2",
  'exit 100',
].join('; ');

async function prepare(options: { root: boolean; ci?: boolean }) {
  const said: string[] = [];
  const result = await prepareTools({ PATH: bin, ...(options.ci ? { CI: 'true' } : {}) }, options.root, (line) => said.push(line));
  return { ...result, said };
}

describe('prepareTools', () => {
  it('as root: says what it installs, runs apt-get update once, installs each missing package, and decides again', async () => {
    fakeAptGet({
      update: 'exit 0',
      'install -y freeradius-utils': installs('radclient'),
      'install -y sip-tester': "echo 'E: Unable to locate package sip-tester' >&2; exit 100",
    });
    const r = await prepare({ root: true });
    expect(r.said).toEqual([
      `firebridge tests: installing freeradius-utils with apt-get: radclient is not on PATH and ${RADCLIENT_SUITES} needs it`,
      `firebridge tests: installing sip-tester with apt-get: sipp is not on PATH and ${SIPP_SUITES} needs it`,
    ]);
    expect(calls()).toEqual([
      '-o DPkg::Lock::Timeout=600 update',
      '-o DPkg::Lock::Timeout=600 install -y freeradius-utils',
      '-o DPkg::Lock::Timeout=600 install -y sip-tester',
    ]);
    expect(r.available).toEqual(['redis-server', 'redis-cli', 'radclient', 'chromium']);
    expect(r.skips).toEqual([
      `!!! SKIPPED ${SIPP_SUITES}: sipp is not installed (apt-get install -y sip-tester failed: E: Unable to locate package sip-tester); install it with: apt-get install -y sip-tester`,
    ]);
    expect(r.failures).toEqual([]);
  });

  it('under CI the tool it could not install fails the run', async () => {
    fakeAptGet({ update: 'exit 0', 'install -y freeradius-utils': installs('radclient'), 'install -y sip-tester': 'exit 100' });
    const r = await prepare({ root: true, ci: true });
    expect(r.skips).toEqual([]);
    expect(r.failures).toEqual([
      `!!! FAILING (CI=true never skips): ${SIPP_SUITES} cannot run: sipp is not installed (apt-get install -y sip-tester failed: exit 100); install it with: apt-get install -y sip-tester`,
    ]);
  });

  it('another apt holding the lock: says so once while apt-get waits, then reports the holder instead of trying each package', async () => {
    fakeAptGet({ update: `${LOCK_WAIT}; ${LOCK_WAIT}; ${LOCK_ERROR}` });
    const r = await prepare({ root: true });
    expect(calls()).toEqual(['-o DPkg::Lock::Timeout=600 update']);
    expect(r.said.filter((l) => l.includes('another apt'))).toEqual([
      'firebridge tests: another apt is running (Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)); apt-get update waits up to 600 s',
    ]);
    const held = 'apt-get update failed: E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)';
    expect(r.skips).toEqual([
      `!!! SKIPPED ${RADCLIENT_SUITES}: radclient is not installed (${held}); install it with: apt-get install -y freeradius-utils`,
      `!!! SKIPPED ${SIPP_SUITES}: sipp is not installed (${held}); install it with: apt-get install -y sip-tester`,
    ]);
  });

  it('a failed apt-get update does not stop the installs (the lists may be recent enough); its error travels with theirs', async () => {
    fakeAptGet({
      update: "echo 'E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease' >&2; exit 100",
      'install -y freeradius-utils': installs('radclient'),
      'install -y sip-tester': "echo 'E: Unable to locate package sip-tester' >&2; exit 100",
    });
    const r = await prepare({ root: true });
    expect(r.available).toContain('radclient');
    expect(r.skips).toEqual([
      `!!! SKIPPED ${SIPP_SUITES}: sipp is not installed (apt-get install -y sip-tester failed: E: Unable to locate package sip-tester; before it, apt-get update failed: E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease); install it with: apt-get install -y sip-tester`,
    ]);
  });

  it('not root: runs no apt-get at all and skips with the sudo command', async () => {
    fakeAptGet({});
    const r = await prepare({ root: false });
    expect(calls()).toEqual([]);
    expect(r.said).toEqual([]);
    expect(r.available).toEqual(['redis-server', 'redis-cli', 'chromium']);
    expect(r.skips).toEqual([
      `!!! SKIPPED ${RADCLIENT_SUITES}: radclient is not installed (not running as root, so the tests did not install it); install it with: sudo apt-get install -y freeradius-utils`,
      `!!! SKIPPED ${SIPP_SUITES}: sipp is not installed (not running as root, so the tests did not install it); install it with: sudo apt-get install -y sip-tester`,
    ]);
  });

  it('root without apt-get: the reason says so; a missing redis-server is a failure even without CI', async () => {
    rmSync(join(bin, 'redis-server'));
    const r = await prepare({ root: true });
    expect(r.failures).toEqual([
      '!!! CANNOT RUN THE TESTS: redis-server is not installed (no apt-get on PATH to install it with); install it with: apt-get install -y redis-server',
    ]);
    expect(r.skips).toHaveLength(2);
  });

  it('an install that succeeds but leaves the command off PATH is reported as such', async () => {
    fakeAptGet({ update: 'exit 0', 'install -y': 'exit 0' });
    const r = await prepare({ root: true });
    expect(r.skips[0]).toBe(
      `!!! SKIPPED ${RADCLIENT_SUITES}: radclient is not installed (apt-get installed freeradius-utils but radclient is still not on PATH); install it with: apt-get install -y freeradius-utils`,
    );
  });
});

describe('aptGet', () => {
  it('an apt-get that cannot be started is a result, not a crash', async () => {
    const r = await aptGet(join(bin, 'no-such-apt-get'), ['update'], () => {});
    expect(r).toMatchObject({ ok: false, lockHeld: false, error: expect.stringContaining('cannot run') });
  });

  it('passes DEBIAN_FRONTEND=noninteractive so no package asks a question', async () => {
    executable('apt-get', `#!/bin/sh\necho "$DEBIAN_FRONTEND" > '${join(bin, 'frontend')}'\n`);
    expect((await aptGet(join(bin, 'apt-get'), ['update'], () => {})).ok).toBe(true);
    expect(readFileSync(join(bin, 'frontend'), 'utf8').trim()).toBe('noninteractive');
  });
});
