// One journal directory per running process. Under `journal.dir` each process takes the first free
// `instance-N` slot: a slot is taken while its lock file names a live process. A process that died
// (kill -9, crash) leaves its lock behind; the next process to start takes the slot over and replays
// what is journalled there. So every journalled record has exactly one owner, and `serve --workers`
// or several instances on one host each get their own slot without configuration.
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCK = 'lock';
/** More instances than this on one journal directory is a configuration mistake, not a deployment. */
const MAX_SLOTS = 256;

export interface JournalSlot {
  readonly dir: string;
  release(): void;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false; // our own pid in an old lock: a previous life of this process (pid 1 in a container)
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryLock(dir: string): boolean {
  const lock = join(dir, LOCK);
  try {
    writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const holder = Number(readFileSync(lock, 'utf8').trim());
  if (Number.isInteger(holder) && holder > 0 && alive(holder)) return false;
  // Stale: move it aside (only one of two racing processes wins the rename), then lock afresh.
  const aside = join(dir, `${LOCK}.stale-${process.pid}`);
  try {
    renameSync(lock, aside);
  } catch {
    return false;
  }
  unlinkSync(aside);
  try {
    writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch {
    return false;
  }
}

export function takeSlot(root: string): JournalSlot {
  mkdirSync(root, { recursive: true });
  for (let i = 0; i < MAX_SLOTS; i++) {
    const dir = join(root, `instance-${i}`);
    mkdirSync(dir, { recursive: true });
    if (tryLock(dir)) {
      return {
        dir,
        release: () => {
          try {
            unlinkSync(join(dir, LOCK));
          } catch {
            // already gone: nothing to release
          }
        },
      };
    }
  }
  throw new Error(`${root}: all ${MAX_SLOTS} journal slots are held by running processes`);
}
