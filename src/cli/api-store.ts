// A Store whose every call goes to the running server's admin API (api/routes/store.ts): what
// operator commands use while a server runs, so they reach its store — the in-process one of
// `npm start` included — and print what they would print reading Redis themselves.
import { wireJson } from '../api/wire-json.js';
import type { Store } from '../store/index.js';
import { CommandError } from './command-error.js';

async function call(url: string, token: string, part: string, method: string, args: unknown[]): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${url}/api/store/${part}/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: wireJson.stringify({ args }),
    });
  } catch (err) {
    throw new CommandError(`the server's admin API at ${url} stopped answering: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // not JSON: the text itself says it
    }
    throw new CommandError(`the server's admin API refused ${part}.${method}: ${res.status} ${message}`);
  }
  return (wireJson.parse(text) as { result: unknown }).result;
}

/** Any part's method becomes a POST; the parts are made once, on first use. */
function part(url: string, token: string, name: string): object {
  return new Proxy(
    {},
    {
      get: (_target, method) => (typeof method === 'string' && method !== 'then' ? (...args: unknown[]) => call(url, token, name, method, args) : undefined),
    },
  );
}

export function apiStore(url: string, token: string, kind: Store['kind']): Store {
  const parts = new Map<string, object>();
  const top = {
    kind,
    lookup: (key: string) => call(url, token, 'top', 'lookup', [key]),
    setLookup: (key: string, value: string | undefined) => call(url, token, 'top', 'setLookup', [key, value]),
    ready: () => true,
    close: async () => {},
  };
  return new Proxy(top, {
    get(target, name) {
      if (typeof name !== 'string') return undefined;
      if (name in target) return target[name as keyof typeof target];
      if (name === 'then') return undefined;
      let p = parts.get(name);
      if (!p) parts.set(name, (p = part(url, token, name)));
      return p;
    },
  }) as unknown as Store;
}
