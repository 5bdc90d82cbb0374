// Options several commands share, and how a subcommand sees the ones given to its parent command.
import { InvalidArgumentError, type Command } from 'commander';

/** The default is config/discover.ts's search, the same for `serve` and every other command. */
export const configOption = [
  '-c, --config <file>',
  'configuration file (YAML); default: $FIREBRIDGE_CONFIG, else ./config/firebridge.yaml, else /etc/firebridge/firebridge.yaml',
] as const;

/** An option's value that must be a whole number ≥ 0 (limits, counts, seconds). */
export function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return Number(value);
}

/** For commands that work in a digest realm (and only those). */
export const realmOption = ['--realm <realm>', 'digest realm (default: digest.realm from the configuration)'] as const;

/**
 * A command's options over those of the commands above it, the nearest given value winning: with
 * positional options (program.ts) `regs --json show 201` gives --json to `regs`, `regs show 201 --json`
 * to `show`, and both mean the same. A default never hides a value given further up.
 */
export function mergedOptions<T>(command: Command): T {
  const chain: Command[] = [];
  for (let c: Command | null = command; c; c = c.parent) chain.unshift(c);
  const out: Record<string, unknown> = {};
  for (const c of chain) {
    for (const [key, value] of Object.entries(c.opts())) {
      if (value === undefined) continue;
      if (key in out && c.getOptionValueSource(key) === 'default') continue;
      out[key] = value;
    }
  }
  return out as T;
}
