// `npm test`'s own run on a machine without radclient, sipp and chromium (and without redis-server): a real
// vitest, with the real global setup and the real suites, on a PATH that holds only node (and
// redis-server and redis-cli where the case needs them). Nothing is uninstalled, and with no apt-get on that PATH
// nothing is installed either.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findOnPath, toolNamed } from './tools.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const VITEST = join(REPO, 'node_modules', 'vitest', 'vitest.mjs');
const SUITES = ['test/radius/radclient.test.ts', 'test/lab/sipp.test.ts'];
/** The suites a skip or failure line names for a tool: all of them, from the one table (tools.ts). */
const suitesOf = (tool: 'radclient' | 'sipp'): string => (toolNamed(tool).neededBy as readonly string[]).join(', ').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const RADCLIENT_SUITES = suitesOf('radclient');
const SIPP_SUITES = suitesOf('sipp');
const scratch = mkdtempSync(join(tmpdir(), 'firebridge-missing-tools-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A directory for PATH holding links to just these programs. */
function pathWith(programs: Record<string, string>): string {
  const bin = mkdtempSync(join(scratch, 'bin-'));
  for (const [command, target] of Object.entries(programs)) symlinkSync(target, join(bin, command));
  return bin;
}

interface Run {
  readonly code: number | null;
  readonly output: string;
  readonly report: { numFailedTests: number; numPassedTests: number; numPendingTests: number } | undefined;
}

/** `vitest run SUITES` with a clean environment: none of this run's VITEST_* or CI variables leak in. */
function runVitest(path: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  const reportFile = join(mkdtempSync(join(scratch, 'report-')), 'report.json');
  const env = { PATH: path, HOME: process.env.HOME ?? scratch, NO_COLOR: '1', ...extraEnv };
  return new Promise((resolve, reject) => {
    const args = [VITEST, 'run', ...SUITES, '--reporter=json', `--outputFile=${reportFile}`];
    const child = spawn(process.execPath, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      let report: Run['report'];
      try {
        report = JSON.parse(readFileSync(reportFile, 'utf8')) as Run['report'];
      } catch {
        report = undefined;
      }
      resolve({ code, output, report });
    });
  });
}

describe('npm test without the external tools', { timeout: 180_000 }, () => {
  const redisServer = findOnPath('redis-server', process.env.PATH)!;
  const redisCli = findOnPath('redis-cli', process.env.PATH)!;
  const onlyNodeAndRedis = pathWith({ node: process.execPath, 'redis-server': redisServer, 'redis-cli': redisCli });

  it('skips the radclient, sipp and console suites, each with one line naming the tool, the suite and the install command', async () => {
    const run = await runVitest(onlyNodeAndRedis);
    expect(run.code, run.output).toBe(0);
    expect(run.report, run.output).toMatchObject({ numFailedTests: 0, numPassedTests: 0 });
    expect(run.report!.numPendingTests).toBeGreaterThan(0);
    const lines = run.output.split('\n').filter((l) => l.startsWith('!!!'));
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^!!! SKIPPED ${RADCLIENT_SUITES}: radclient is not installed \\(.+\\); install it with: (sudo )?apt-get install -y freeradius-utils$`)),
      expect.stringMatching(new RegExp(`^!!! SKIPPED ${SIPP_SUITES}: sipp is not installed \\(.+\\); install it with: (sudo )?apt-get install -y sip-tester$`)),
      expect.stringMatching(/^!!! SKIPPED test\/console\/console\.test\.ts: chromium is not installed \(.+\); install it with: (sudo )?apt-get install -y chromium$/),
    ]);
  });

  it('with CI=true the same run fails, with the same facts as the failure', async () => {
    const run = await runVitest(onlyNodeAndRedis, { CI: 'true' });
    expect(run.code, run.output).not.toBe(0);
    expect(run.output).toMatch(new RegExp(`!!! FAILING \\(CI=true never skips\\): ${RADCLIENT_SUITES} cannot run: radclient is not installed \\(.+\\); install it with: (sudo )?apt-get install -y freeradius-utils\n`));
    expect(run.output).toMatch(new RegExp(`!!! FAILING \\(CI=true never skips\\): ${SIPP_SUITES} cannot run: sipp is not installed`));
    expect(run.output).not.toContain('!!! SKIPPED');
  });

  it('without redis-server the run cannot proceed, CI or not, and says what to install', async () => {
    const run = await runVitest(pathWith({ node: process.execPath }));
    expect(run.code, run.output).not.toBe(0);
    expect(run.output).toMatch(/!!! CANNOT RUN THE TESTS: redis-server is not installed \(.+\); install it with: (sudo )?apt-get install -y redis-server\n/);
  });
});
