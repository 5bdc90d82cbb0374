// Runs the admin API on api.host:api.port (loopback by default), beside the RADIUS ports.
import type { AddressInfo } from 'node:net';
import { buildApi } from './app.js';
import type { ApiDeps } from './deps.js';

export interface RunningApi {
  readonly port: number;
  /** http(s)://host:port, for log lines and the CLI. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startApi(deps: ApiDeps): Promise<RunningApi> {
  const app = await buildApi(deps);
  const { host, port, tls } = deps.config.api;
  await app.listen({ host, port });
  const bound = (app.server.address() as AddressInfo).port;
  const url = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  deps.logger.info({ url, tls: tls !== undefined }, 'admin API listening');
  return { port: bound, url, close: () => app.close() };
}
