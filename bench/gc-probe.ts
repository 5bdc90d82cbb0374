// Loaded into the server by bench:memory (`node --expose-gc --import gc-probe.js`): on SIGUSR2 a
// full garbage collection, a settle, then the process's memory figures in a file named by its pid.
// The server has no way to be asked for a GC, and without one its RSS and heap still hold the
// garbage of the requests that made the state being measured.
import { renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Long enough for the allocator to hand freed pages back after the GC, short beside the run. */
export const SETTLE_MS = 1_000;

export interface GcProbeReading {
  /** Counts the readings, so the benchmark can tell a fresh one from the last. */
  readonly sequence: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
}

export function gcProbeFile(pid: number): string {
  return join(tmpdir(), `firebridge-bench-gc-${pid}.json`);
}

const collect = globalThis.gc;
if (collect) {
  let sequence = 0;
  process.on('SIGUSR2', () => {
    // Twice: objects freed by the first collection's finalisers go in the second.
    collect();
    collect();
    setTimeout(() => {
      const { rss, heapUsed, external } = process.memoryUsage();
      const reading: GcProbeReading = { sequence: ++sequence, rss, heapUsed, external };
      const file = gcProbeFile(process.pid);
      writeFileSync(`${file}.tmp`, JSON.stringify(reading));
      renameSync(`${file}.tmp`, file);
    }, SETTLE_MS);
  });
}
