// JSON for the commands' channel (routes/store.ts, cli/api-store.ts): store values as they are, with
// the few that JSON cannot carry tagged — a lockout's Infinity, a Buffer, an undefined in an array or
// an argument list — so a command reads through the API exactly what it would read from Redis.

type Tagged = { $: 'inf' | '-inf' | 'nan' | 'undefined' } | { $: 'buffer'; base64: string };

function tag(value: unknown): unknown {
  if (value === undefined) return { $: 'undefined' };
  if (typeof value === 'number' && !Number.isFinite(value)) return { $: Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf' };
  if (Buffer.isBuffer(value)) return { $: 'buffer', base64: value.toString('base64') };
  if (Array.isArray(value)) return value.map(tag);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = tag(v);
    return out;
  }
  return value;
}

function untag(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untag);
  if (value && typeof value === 'object') {
    const t = value as Partial<Tagged> & Record<string, unknown>;
    if (typeof t.$ === 'string' && Object.keys(t).length <= 2) {
      switch (t.$) {
        case 'undefined':
          return undefined;
        case 'inf':
          return Infinity;
        case '-inf':
          return -Infinity;
        case 'nan':
          return NaN;
        case 'buffer':
          return Buffer.from(String(t.base64), 'base64');
      }
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = untag(v);
    return out;
  }
  return value;
}

export const wireJson = {
  stringify: (value: unknown): string => JSON.stringify(tag(value)),
  parse: (text: string): unknown => untag(JSON.parse(text)),
  /** For a body Fastify already parsed. */
  revive: untag,
  prepare: tag,
};
