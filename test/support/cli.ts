// Runs the built `firebridge` command (dist/, built by `npm test`'s pretest) as an operator would.
import { spawn } from 'node:child_process';
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

export function runCli(args: readonly string[], input?: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Writes a config file equivalent to a running test server's, for the CLI to use the same Redis keys. */
export function configFileFor(config: Config): string {
  const dir = mkdtempSync(join(tmpdir(), 'firebridge-cfg-'));
  const file = join(dir, 'firebridge.yaml');
  writeFileSync(
    file,
    stringify({
      clients: config.clients.map((c) => ({ name: c.name, address: c.address, secret: c.secret, disconnectPort: c.disconnectPort })),
      redis: { url: config.redis.url, keyPrefix: config.redis.keyPrefix },
      digest: { realm: config.digest.realm },
      rules: { dir: config.rules.dir },
    }),
  );
  return file;
}
