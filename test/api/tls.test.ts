// api.tls: with a certificate and key the admin API speaks HTTPS only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let t: TestApi;
let cert: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'firebridge-tls-'));
  cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  server = await startTestServer();
  t = await startTestApi(server, { tls: { cert, key } });
});
afterAll(async () => {
  await t?.api.close();
  await server?.stop();
});

it('serves HTTPS with the configured certificate, and nothing in plain HTTP', async () => {
  expect(t.api.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(`${t.api.url}/api/status`, { ca: readFileSync(cert), headers: { authorization: `Bearer ${t.tokens['read-only']}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
  expect(status).toBe(200);
  await expect(fetch(t.api.url.replace('https:', 'http:') + '/api/status')).rejects.toThrow();
});
