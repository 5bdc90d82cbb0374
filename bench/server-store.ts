// The store of a running benchmark server, reached as operator commands reach it (cli/context.ts):
// through its admin API with the token it leaves for local commands. The only way into an
// in-process store, which lives in the server's memory; seeding it this way also writes what
// `subscriber add`, `fax …` and `lcr import` write, through the same store methods.
import { Agent, request } from 'node:http';
import { localApiUrl, localTokenPath, readLocalToken } from '../src/api/local-token.js';
import { wireJson } from '../src/api/wire-json.js';
import { apiStore } from '../src/cli/api-store.js';
import { loadConfig } from '../src/config/load.js';
import type { Store, Subscriber } from '../src/store/index.js';
import type { FirebridgeRunning } from './servers.js';

export interface ServerApi {
  readonly url: string;
  readonly token: string;
  readonly kind: Store['kind'];
}

/**
 * The server answers Status-Server before it has written its token (the API starts after RADIUS):
 * wait for the file. No fallback to Redis, unlike the commands: the benchmark must never reach a
 * Redis other than its own.
 */
export async function serverApi(server: FirebridgeRunning): Promise<ServerApi> {
  const { config } = loadConfig(server.configFile);
  const url = localApiUrl(config);
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const token = readLocalToken(localTokenPath(config));
    const status = token ? await fetch(`${url}/api/status`, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined) : undefined;
    if (token && status?.ok) {
      const { store } = (await status.json()) as { store?: { kind?: Store['kind'] } };
      if (!store?.kind) throw new Error(`${url}/api/status names no store kind`);
      return { url, token, kind: store.kind };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`firebridge left no working admin API token at ${localTokenPath(config)} within 10 s`);
}

/** The whole store, as the commands see it. */
export function serverStore(api: ServerApi): Store {
  return apiStore(api.url, api.token, api.kind);
}

/**
 * `subscribers.put` through the same route (api/routes/store.ts), over node:http with keep-alive:
 * fetch cost the benchmark process about 850 µs of CPU a call (180 µs this way) against the server's
 * 160–260 µs, so bench:memory's 100,000 subscribers would have taken over a minute to seed.
 */
export function subscriberWriter(api: ServerApi): { readonly subscribers: Pick<Store['subscribers'], 'put'> } {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const put = (s: Subscriber): Promise<void> =>
    new Promise((done, fail) => {
      const body = wireJson.stringify({ args: [s] });
      const req = request(
        `${api.url}/api/store/subscribers/put`,
        { method: 'POST', agent, headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => (res.statusCode === 200 ? done() : fail(new Error(`subscribers.put through the API: ${res.statusCode} ${text}`))));
        },
      );
      req.once('error', fail);
      req.end(body);
    });
  return { subscribers: { put } };
}
