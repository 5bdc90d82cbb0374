// The programs outside Node that the tests run, in one table: the command (looked up on PATH), the
// Debian package that provides it, and the test files that need it. The global setup
// (global-setup.ts) looks them up once per run, installs what is missing when it can (root with
// apt-get), decides with `decideTool` and provides the result; a suite that needs a tool guards itself
// with `available(command)`. `.ci/run` has no list of its own: it runs `npm test` with CI=true as root,
// so this setup installs what the table names.
//
// Why a decision and not just "skip when absent": a skip that nobody notices is a test that silently
// stopped running, so every skip is announced once, loudly, with the command that ends it, and CI
// (where nobody reads the log of a green run) never skips.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { inject } from 'vitest';

export interface ExternalTool {
  readonly command: string;
  readonly debianPackage: string;
  /** The test files that need the tool, or 'the whole run' when no suite can run without it. */
  readonly neededBy: 'the whole run' | readonly string[];
}

export const TOOLS = [
  // The global setup starts the run's private redis-server before any suite; the store contract, app
  // and e2e suites (most of them) use it. Skipping them all would leave a green run that tested
  // little, so a missing redis-server stops the run instead.
  { command: 'redis-server', debianPackage: 'redis-server', neededBy: 'the whole run' },
  // The setup also makes the run's Redis Cluster with `redis-cli --cluster create` (redis-server's
  // Debian package depends on redis-tools, so the two come together).
  { command: 'redis-cli', debianPackage: 'redis-tools', neededBy: 'the whole run' },
  // An independent RADIUS client: FreeRADIUS's encoding and authenticators share no code with ours.
  { command: 'radclient', debianPackage: 'freeradius-utils', neededBy: ['test/e2e/faxback-accounting.test.ts', 'test/e2e/faxback-radclient.test.ts', 'test/radius/radclient.test.ts', 'test/radius/user-password.test.ts'] },
  // An independent SIP phone for `firebridge lab`: it computes the digest responses itself.
  { command: 'sipp', debianPackage: 'sip-tester', neededBy: ['test/lab/sipp-call-features.test.ts', 'test/lab/sipp.test.ts'] },
  // A real browser for the web console: Debian's Chromium driven by playwright-core (which downloads
  // no browser of its own).
  { command: 'chromium', debianPackage: 'chromium', neededBy: ['test/console/console.test.ts'] },
] as const satisfies readonly ExternalTool[];

export type ToolCommand = (typeof TOOLS)[number]['command'];

export function toolNamed(command: ToolCommand): ExternalTool {
  return TOOLS.find((t) => t.command === command)!;
}

/** For a suite's guard: `describe.skipIf(!available('radclient'))`. The global setup decided it once. */
export function available(command: ToolCommand): boolean {
  return inject('availableTools').includes(command);
}

/** The first executable file named `command` in the directories of `pathVariable` (like `command -v`). */
export function findOnPath(command: string, pathVariable: string | undefined): string | undefined {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not there or not executable: keep looking, as the shell does.
    }
  }
  return undefined;
}

/** CI=true (and any other value CI systems use) turns skips into failures; unset, '', '0' and 'false' do not. */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

export interface ToolSituation {
  /** The command is on PATH. */
  readonly found: boolean;
  /** Whether a missing tool can still be installed, or why not (not root, no apt-get, the install failed). */
  readonly installer: { readonly canInstall: true } | { readonly canInstall: false; readonly reason: string };
  readonly ci: boolean;
  /** Running as root: the command in the message needs no sudo. */
  readonly root: boolean;
}

export type ToolVerdict =
  | { readonly kind: 'available' }
  | { readonly kind: 'install'; readonly line: string }
  | { readonly kind: 'skip'; readonly line: string }
  | { readonly kind: 'fail'; readonly line: string };

/**
 * What the run does about one tool. Called before installing (a missing tool with an installer →
 * 'install') and again after (with the install's outcome as the reason it cannot be installed).
 */
export function decideTool(tool: ExternalTool, situation: ToolSituation): ToolVerdict {
  if (situation.found) return { kind: 'available' };
  const needs = neededByText(tool);
  if (situation.installer.canInstall) {
    return { kind: 'install', line: `firebridge tests: installing ${tool.debianPackage} with apt-get: ${tool.command} is not on PATH and ${needs} needs it` };
  }
  const why = `${tool.command} is not installed (${situation.installer.reason}); install it with: ${installCommand(tool, situation.root)}`;
  if (tool.neededBy === 'the whole run') return { kind: 'fail', line: `!!! CANNOT RUN THE TESTS: ${why}` };
  if (situation.ci) return { kind: 'fail', line: `!!! FAILING (CI=true never skips): ${needs} cannot run: ${why}` };
  return { kind: 'skip', line: `!!! SKIPPED ${needs}: ${why}` };
}

export function installCommand(tool: ExternalTool, root: boolean): string {
  return `${root ? '' : 'sudo '}apt-get install -y ${tool.debianPackage}`;
}

function neededByText(tool: ExternalTool): string {
  return tool.neededBy === 'the whole run' ? 'the whole test run' : tool.neededBy.join(', ');
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The commands of TOOLS that this run found or installed. */
    availableTools: readonly ToolCommand[];
  }
}
