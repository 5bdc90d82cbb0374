// A real redis-server child process for tests. Each call gets its own port and directory;
// tests that need to stop and restart Redis (failure policies) start their own instance.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { installCommand, toolNamed } from './tools.js';

export interface RedisServerHandle {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  /** Kills the server but keeps its directory, so restart() can bring it back on the same port. */
  kill(): Promise<void>;
  /** Starts the same server again on the same port (after kill). */
  restart(): Promise<void>;
}

export async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** `args` are added to the command line after the defaults, so they override them (e.g. `--appendonly yes`). */
export async function startRedisServer(args: readonly string[] = []): Promise<RedisServerHandle> {
  const port = await freeTcpPort();
  const dir = mkdtempSync(join(tmpdir(), 'firebridge-redis-'));
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
      proc.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot run redis-server (${installCommand(toolNamed('redis-server'), true)}): ${err.message}`));
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${out}`));
      });
    });
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  };

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    kill: stop,
    restart: async () => {
      await stop();
      await launch();
    },
  };
}
