// Runs apt-get for the test setup (prepare-tools.ts decides when: as root, for a tool in tools.ts that
// is missing). Never throws: every outcome is a result the setup turns into one line.
//
// Another apt may hold the dpkg lock (an operator's install, unattended-upgrades). apt-get then waits
// up to LOCK_WAIT_SECONDS (the DPkg::Lock::Timeout option, apt 1.9.11+) and we say once that it is
// waiting and for whom; if the lock is still held, apt's own "Could not get lock … It is held by
// process N (name)" line becomes the reason the tool is missing. No -q: at -q apt-get leaves out
// progress lines, and the "Waiting for cache lock" line is one; the output is only read, not shown.
import { spawn } from 'node:child_process';

export const LOCK_WAIT_SECONDS = 600;

export interface AptOutcome {
  readonly ok: boolean;
  /** Why it failed: apt's "E:" line naming the lock's holder, else its last "E:" line, else how it exited. */
  readonly error: string | undefined;
  /** The failure was the dpkg/apt lock held by another process: trying another package is pointless. */
  readonly lockHeld: boolean;
}

const LOCK = /Could not get lock [^\r\n]*/;

export function aptGet(aptGetPath: string, args: readonly string[], say: (line: string) => void): Promise<AptOutcome> {
  const argv = ['-o', `DPkg::Lock::Timeout=${LOCK_WAIT_SECONDS}`, ...args];
  return new Promise((resolve) => {
    const child = spawn(aptGetPath, argv, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let saidWaiting = false;
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-20_000);
      const lock = LOCK.exec(output);
      if (lock && !saidWaiting && /Waiting for cache lock/.test(output)) {
        saidWaiting = true;
        say(`firebridge tests: another apt is running (${lock[0].replace(/\.+\s*\d*s?$/, '')}); apt-get ${args.join(' ')} waits up to ${LOCK_WAIT_SECONDS} s`);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err) => resolve({ ok: false, error: `cannot run ${aptGetPath}: ${err.message}`, lockHeld: false }));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve({ ok: true, error: undefined, lockHeld: false });
      // After "Could not get lock … held by process N (name)" apt adds "Unable to acquire the dpkg
      // frontend lock …, is another process using it?": the first one says who, so it is the one kept.
      const errors = output.split(/[\r\n]+/).filter((l) => l.startsWith('E: '));
      const lockError = errors.find((l) => LOCK.test(l));
      const error = lockError ?? errors.at(-1) ?? (signal ? `killed by ${signal}` : `exit ${code}`);
      resolve({ ok: false, error: `apt-get ${args.join(' ')} failed: ${error}`, lockHeld: lockError !== undefined });
    });
  });
}
