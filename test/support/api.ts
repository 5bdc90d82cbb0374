// The admin API over real HTTP beside a test server, and tokens of each role made as
// `firebridge token add` makes them.
import { pino } from 'pino';
import { startApi, type RunningApi } from '../../src/api/server.js';
import { newToken } from '../../src/api/tokens.js';
import type { ApiRole } from '../../src/store/index.js';
import type { TestServer } from './server.js';

export interface TestApi {
  readonly api: RunningApi;
  /** A bearer token per role. */
  readonly tokens: Record<ApiRole, string>;
  /** fetch against the API with a role's token (or none, or any text as the token). */
  /** The audit trail of one subject, newest first, as GET /api/audit answers it. */
  audit(subject: string): Promise<Array<Record<string, any>>>;
  call(method: string, path: string, options?: { role?: ApiRole; token?: string; body?: unknown; raw?: string; contentType?: string }): Promise<{ status: number; body: any; text: string; headers: Headers }>;
}

/** `base`: the configuration the API reads (default the server's), e.g. clients with a test disconnectPort. */
export async function startTestApi(server: TestServer, overrides: Partial<TestServer['config']['api']> = {}, base: TestServer['config'] = server.config): Promise<TestApi> {
  const config = { ...base, api: { ...base.api, host: '127.0.0.1', port: 0, ...overrides } };
  const api = await startApi({ config, store: server.store, logger: pino({ level: 'silent' }), now: Date.now, running: server.running });
  const tokens = {} as Record<ApiRole, string>;
  for (const role of ['read-only', 'operator', 'admin'] as const) {
    const made = newToken(`test-${role}`, role, Date.now());
    await server.store.tokens.put(made.record);
    tokens[role] = made.token;
  }
  const call: TestApi['call'] = async (method, path, o = {}) => {
    const token = o.token ?? (o.role ? tokens[o.role] : undefined);
    const headers: Record<string, string> = {};
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined) headers['content-type'] = o.contentType ?? 'application/json';
    const res = await fetch(`${api.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  };
  return {
    api,
    tokens,
    call,
    audit: async (subject) => (await call('GET', `/api/audit?subject=${encodeURIComponent(subject)}`, { role: 'read-only' })).body as Array<Record<string, any>>,
  };
}
