// `npm run chaos` options, read without side effects so a test can hold bad input to one line.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { ROOT } from '../servers.js';
import { MODE_NAMES } from './modes.js';
import { SCENARIO_IDS } from './scenarios.js';

export interface ChaosOptions {
  readonly scenarios: readonly string[];
  readonly modes: readonly string[];
  /** Load before, during and after each fault. */
  readonly seconds: number;
  /** Requests per second (half REGISTER, half accounting). */
  readonly rate: number;
  readonly out: string;
}

export const DEFAULTS = { seconds: 10, rate: 300 } as const;
const MAX_SECONDS = 120;
const MAX_RATE = 2_000;

export const HELP = `npm run chaos -- [options]
  --scenarios LIST   ${SCENARIO_IDS.join(',')}
                     (default: all; sentinel-kill runs 3 times)
  --modes LIST       durability modes: ${MODE_NAMES.join(',')} (default: all; a mode this
                     build's configuration does not know is reported "not available")
  --seconds N        load per scenario, the fault starting after 30 % of it (default ${DEFAULTS.seconds}, at most ${MAX_SECONDS})
  --rate N           requests per second, half REGISTER, half accounting (default ${DEFAULTS.rate}, at most ${MAX_RATE})
  --out FILE         where to write the results (default bench/chaos-results.md)`;

export type ParsedOptions =
  | { readonly kind: 'run'; readonly options: ChaosOptions }
  | { readonly kind: 'help' } | { readonly kind: 'error'; readonly message: string };

function list(value: string | undefined, known: readonly string[], what: string): string[] | string {
  if (value === undefined) return [...known];
  const items = value.split(',').map((v) => v.trim()).filter((v) => v !== '');
  if (items.length === 0) return `--${what} needs at least one of ${known.join(', ')}`;
  const unknown = items.find((i) => !known.includes(i));
  return unknown === undefined ? items : `unknown ${what.replace(/s$/, '')} "${unknown}" (${known.join(', ')})`;
}

function bounded(value: string | undefined, fallback: number, max: number, what: string): number | string {
  if (value === undefined) return fallback;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 && n <= max ? n : `--${what} must be a number above 0 and at most ${max} (got "${value}")`;
}

export function parseChaosOptions(argv: readonly string[]): ParsedOptions {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        scenarios: { type: 'string' },
        modes: { type: 'string' },
        seconds: { type: 'string' },
        rate: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    // node:util explains some refusals over three lines; the first says what is wrong.
    return { kind: 'error', message: (err as Error).message.split('\n')[0]! };
  }
  if (values.help) return { kind: 'help' };
  const scenarios = list(values.scenarios, SCENARIO_IDS, 'scenarios');
  const modes = list(values.modes, MODE_NAMES, 'modes');
  const seconds = bounded(values.seconds, DEFAULTS.seconds, MAX_SECONDS, 'seconds');
  const rate = bounded(values.rate, DEFAULTS.rate, MAX_RATE, 'rate');
  for (const v of [scenarios, modes, seconds, rate]) if (typeof v === 'string') return { kind: 'error', message: v };
  return {
    kind: 'run',
    options: {
      scenarios: scenarios as string[],
      modes: modes as string[],
      seconds: seconds as number,
      rate: rate as number,
      out: values.out ?? join(ROOT, 'bench', 'chaos-results.md'),
    },
  };
}
