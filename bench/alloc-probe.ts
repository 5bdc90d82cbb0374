// Loaded into each server by bench:ab (`node --import alloc-probe.js`): on SIGUSR2, the bytes the V8
// heap has allocated since the server started, in a file named by its pid. CPU per request on a
// shared VM moves by up to 15 % between turns (steps.md), more than most single changes buy; the
// bytes allocated per request are a property of the code, nearly the same in every turn, and the
// collector's share of the CPU follows them. So a change that allocates less shows here even when
// its CPU gain is inside the noise.
//
// V8 counts no allocation total, so it is summed from the collections: what the heap grew by between
// the end of one collection and the start of the next was allocated then (v8.GCProfiler records the
// heap before and after each). Buffer contents live outside the heap and are not counted; the Buffer
// objects are.
import { renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GCProfiler, getHeapStatistics } from 'node:v8';

export interface AllocReading {
  /** Counts the readings, so the benchmark can tell a fresh one from the last. */
  readonly sequence: number;
  readonly allocatedBytes: number;
}

export function allocProbeFile(pid: number): string {
  return join(tmpdir(), `firebridge-bench-alloc-${pid}.json`);
}

interface GcRecord {
  readonly beforeGC: { readonly heapStatistics: { readonly usedHeapSize: number } };
  readonly afterGC: { readonly heapStatistics: { readonly usedHeapSize: number } };
}

// Only in the server: the import reaches every process the bench starts with these options.
if (process.argv.includes('serve')) {
  let profiler = new GCProfiler();
  profiler.start();
  let usedAtLastReading = getHeapStatistics().used_heap_size;
  let allocated = 0;
  let sequence = 0;
  process.on('SIGUSR2', () => {
    const { statistics } = profiler.stop() as { statistics: GcRecord[] };
    profiler = new GCProfiler();
    profiler.start();
    let after = usedAtLastReading;
    for (const gc of statistics) {
      allocated += Math.max(0, gc.beforeGC.heapStatistics.usedHeapSize - after);
      after = gc.afterGC.heapStatistics.usedHeapSize;
    }
    usedAtLastReading = getHeapStatistics().used_heap_size;
    allocated += Math.max(0, usedAtLastReading - after);
    const reading: AllocReading = { sequence: ++sequence, allocatedBytes: allocated };
    const file = allocProbeFile(process.pid);
    writeFileSync(`${file}.tmp`, JSON.stringify(reading));
    renameSync(`${file}.tmp`, file);
  });
}
