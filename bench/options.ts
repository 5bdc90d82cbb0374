// Command-line options of the bench commands: a bad option is a usage error naming the command and
// its --help, exit code 2.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export function usageError(command: string, message: string): never {
  console.error(`${command}: ${message} (${command} -- --help)`);
  process.exit(2);
}

export function parseOptions<O extends NonNullable<ParseArgsConfig['options']>>(command: string, options: O) {
  try {
    return parseArgs({ options }).values;
  } catch (err) {
    return usageError(command, (err as Error).message);
  }
}
