// Every process and temporary directory a chaos run starts is registered here, so one call ends
// them all — after each scenario, on failure, and on Ctrl-C — by the pids we started, nothing else.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const children = new Set<ChildProcess>();
const dirs = new Set<string>();

export interface Tracked {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The last few KB of its stdout and stderr, for error messages. */
  output(): string;
  exited(): boolean;
  /** Resolves when it has exited (at once if it already has). */
  exit(): Promise<void>;
}

export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions = {}): Tracked {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  children.add(child);
  let out = '';
  const keep = (c: Buffer): void => {
    out = (out + c.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const gone = new Promise<void>((resolve) => {
    child.once('exit', () => {
      children.delete(child);
      resolve();
    });
    child.once('error', (err) => {
      out += `\n${command}: ${err.message}`;
      children.delete(child);
      resolve();
    });
  });
  return {
    child,
    pid: child.pid ?? -1,
    output: () => out,
    exited: () => child.exitCode !== null || child.signalCode !== null || child.pid === undefined,
    exit: () => gone,
  };
}

/** Sends a signal to one process we started; a process already gone is not an error. */
export function signal(t: Tracked, sig: NodeJS.Signals): void {
  if (t.exited()) return;
  try {
    process.kill(t.pid, sig);
  } catch {
    // exited between the check and the kill
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; a stopped (SIGSTOP) process is continued first so it can exit. */
export async function terminate(t: Tracked, graceMs = 3_000): Promise<void> {
  if (t.exited()) return;
  signal(t, 'SIGCONT');
  signal(t, 'SIGTERM');
  const timer = setTimeout(() => signal(t, 'SIGKILL'), graceMs);
  await t.exit();
  clearTimeout(timer);
}

export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `firebridge-chaos-${name}-`));
  dirs.add(dir);
  return dir;
}

/** Kills every process still running (SIGKILL: a scenario may have left some stopped) and removes the directories. */
export async function cleanUp(): Promise<void> {
  const running = [...children];
  for (const child of running) {
    try {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await Promise.all(running.map((c) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())))));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

/** Synchronous last resort on process exit: no awaiting possible there. */
export function killAllNow(): void {
  for (const child of children) {
    try {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value, or throws after `timeoutMs` naming what was awaited. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what}: not within ${(timeoutMs / 1000).toFixed(0)} s`);
    await sleep(everyMs);
  }
}
