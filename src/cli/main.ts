#!/usr/bin/env -S node --max-semi-space-size=32
import { CommandError } from './context.js';
import { createProgram } from './program.js';

createProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.stderr.write(`firebridge: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof CommandError ? err.exitCode : 1);
  });
