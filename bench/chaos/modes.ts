// The durability modes a run can compare (issue 15 item 1), each as the configuration it adds to
// firebridge's — the one place a new mode is added. A mode this build's configuration does not
// know is refused by the server at start and reported "not available", never a crash.
import { join } from 'node:path';

export interface ModeContext {
  /** A directory of this run that survives firebridge restarts (for a journal). */
  readonly dir: string;
}

export type ConfigOverrides = Record<string, unknown>;

export const MODES: Readonly<Record<string, (c: ModeContext) => ConfigOverrides>> = {
  stored: () => ({}),
  replicated: () => ({ accounting: { durability: 'replicated' } }),
  journal: (c) => ({ accounting: { journal: { dir: join(c.dir, 'journal') } } }),
  // The strongest: a record not on a replica in time is journalled and acknowledged after the fsync.
  'replicated+journal': (c) => ({ accounting: { durability: 'replicated', journal: { dir: join(c.dir, 'journal') } } }),
};

export const MODE_NAMES = Object.keys(MODES);

/** Deep merge of plain objects; arrays and scalars in `over` replace. */
export function mergeConfig(base: ConfigOverrides, over: ConfigOverrides): ConfigOverrides {
  const out: ConfigOverrides = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isObject(b) && isObject(v) ? mergeConfig(b, v) : v;
  }
  return out;
}

function isObject(v: unknown): v is ConfigOverrides {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
