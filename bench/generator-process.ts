// The load generator runs as its own process (generator.ts), so its CPU is never the server's: one
// job in, its result out as one JSON line.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { GeneratorJob, GeneratorResult } from './generator.js';

export function runGenerator(job: GeneratorJob): Promise<GeneratorResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'generator.js'), JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as GeneratorResult) : reject(new Error(`generator exited with ${code}`))));
  });
}
