// The machine line every results file starts with: the figures mean little without it.
import { execSync } from 'node:child_process';
import { availableParallelism, cpus, totalmem } from 'node:os';

function firstLineOf(cmd: string): string {
  try {
    return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n')[0] ?? '';
  } catch {
    return 'not installed';
  }
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return [
    `- ${availableParallelism()} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; generator, server and Redis share them`,
    `- ${firstLineOf('uname -sr')}; Node ${process.version}; ${firstLineOf('redis-server --version')}`,
    `- FreeRADIUS: ${firstLineOf('freeradius -v 2>/dev/null | head -1')}`,
  ].join('\n');
}
