// Runs the built `firebridge` command (dist/, built by `npm test`'s pretest) as an operator would.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { Config } from '../../src/config/schema.js';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `cwd` is the working directory the command runs in (where it looks for config/firebridge.yaml). */
export function runCli(args: readonly string[], input?: string, env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves once the stream's text matches (bounded wait, so a missing line fails the test). */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
  /** The exit code once the command ends by itself (e.g. after `trace --count`), without a signal. */
  exited(): Promise<number | null>;
}

/** Starts a long-running command (`serve`, `lab`) in the background. */
export function startCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): RunningCli {
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  const text = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (text.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (text.stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    async waitFor(stream, pattern, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = pattern.exec(text[stream]);
        if (m) return m;
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`no ${pattern} on ${stream}; stdout: ${text.stdout}\nstderr: ${text.stderr}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    exited: () => exited,
  };
}

/**
 * The line every command that opens the store writes first on stderr: which configuration file,
 * Redis, key prefix (and realm) it uses.
 */
export const CONTEXT_LINE = /^firebridge: (?:configuration .+|no configuration file; built-in defaults); Redis .+, key prefix "[^"]*"(?:, realm "[^"]*")?$/;

/** stderr without the context line, for tests that expect nothing else there. */
export function stderrBesideContext(stderr: string): string {
  const [first, ...rest] = stderr.split('\n');
  return first !== undefined && CONTEXT_LINE.test(first) ? rest.join('\n') : stderr;
}

/** Lines of NDJSON output (one JSON object per line, none for an empty listing). */
export function jsonLines(stdout: string): Array<Record<string, unknown>> {
  if (stdout === '') return [];
  if (!stdout.endsWith('\n')) throw new Error(`output does not end with a newline: ${JSON.stringify(stdout)}`);
  return stdout
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const value = JSON.parse(line) as unknown;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`not a JSON object per line: ${line}`);
      return value as Record<string, unknown>;
    });
}

/** Writes a config file equivalent to a running test server's, for the CLI to use the same Redis, keys and shards. */
export function configFileFor(config: Config): string {
  const dir = mkdtempSync(join(tmpdir(), 'firebridge-cfg-'));
  const file = join(dir, 'firebridge.yaml');
  writeFileSync(
    file,
    stringify({
      clients: config.clients.map((c) => ({ name: c.name, address: c.address, secret: c.secret, disconnectPort: c.disconnectPort })),
      redis: { url: config.redis.url, sentinel: config.redis.sentinel, cluster: config.redis.cluster, keyPrefix: config.redis.keyPrefix },
      accounting: { shards: config.accounting.shards },
      digest: { realm: config.digest.realm },
      rules: { dir: config.rules.dir },
      // The commands of these tests read the server's Redis themselves, never a server found on this
      // machine's default API port (cli/context.ts): test/cli/through-api.test.ts tests that path.
      api: { enabled: false },
    }),
  );
  return file;
}
