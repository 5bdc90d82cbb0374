// The token that lets operator commands on this machine use the running server (README → Console and
// API → Commands through the API). `firebridge serve` issues a fresh admin token at each start,
// writes it to a file only its own user may read (mode 0600, in the temporary directory, named by the
// API's port), and revokes it at shutdown; a command that finds the file and a server answering with
// it goes through the API — so `subscriber add` reaches the in-process store of `npm start`.
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import type { Store } from '../store/index.js';
import { newToken } from './tokens.js';

/** The name the local commands' token carries in `firebridge token list` and the audit stream. */
export const LOCAL_TOKEN_NAME = 'local-commands';

export function localTokenPath(config: Pick<Config, 'api'>): string {
  return join(tmpdir(), `firebridge-${userInfo().uid}-api-${config.api.port}.token`);
}

/** The URL commands use for the API: its configured address (a wildcard listens on loopback too). */
export function localApiUrl(config: Pick<Config, 'api'>, port = config.api.port): string {
  const host = ['0.0.0.0', '::', ''].includes(config.api.host) ? '127.0.0.1' : config.api.host;
  return `${config.api.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export interface LocalToken {
  readonly path: string;
  revoke(): Promise<void>;
}

export async function issueLocalToken(store: Store, path: string, now: number): Promise<LocalToken> {
  // One local token per store: an earlier start's (a crash left it) is replaced, not piled up.
  for (const old of await store.tokens.list()) if (old.name === LOCAL_TOKEN_NAME) await store.tokens.delete(old.id);
  const { token, record } = newToken(LOCAL_TOKEN_NAME, 'admin', now);
  await store.tokens.put(record);
  const scratch = `${path}.${process.pid}`;
  writeFileSync(scratch, `${token}\n`, { mode: 0o600 });
  chmodSync(scratch, 0o600);
  renameSync(scratch, path);
  return {
    path,
    async revoke() {
      rmSync(path, { force: true });
      await store.tokens.delete(record.id).catch(() => {});
    },
  };
}

/** The local token, when a server left one here. */
export function readLocalToken(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
