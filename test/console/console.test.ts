// The web console in a real headless Chromium (Debian's, driven by playwright-core) against a real
// server and admin API serving the BUILT console (dist/console/, made by `npm run build`, which
// `npm test` runs first): log in, find a registration, hang up a call, import a CSV with a bad row,
// dry-run a rule, and see a chart drawn from real call records. Each page is saved as a screenshot
// in test-results/console/; with UPDATE_DOCS_SCREENSHOT=1 the records page also to docs/console.png.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP, CONSOLE_DIR, CONSOLE_NOT_BUILT } from '../../src/api/console.js';
import { Attr, Code, type OutgoingAttribute } from '../../src/radius/index.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { type DisconnectListener, FirebrickStandIn } from '../support/firebrick-standin.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { available } from '../support/tools.js';
import { untilTrue } from '../support/wait.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = join(REPO, 'test-results', 'console');
/** The first chart series colour (src/console/src/parts/chart.tsx): #2f6fb3. */
const BAR = [0x2f, 0x6f, 0xb3] as const;

const start = (session: string, to: string, from = '201'): OutgoingAttribute[] => [
  [Attr.AcctStatusType, 1],
  [Attr.AcctSessionId, session],
  [Attr.AcctMultiSessionId, `${session}@call`],
  [Attr.CalledStationId, to],
  [Attr.CallingStationId, from],
];
const answered = (session: string): OutgoingAttribute[] => [[Attr.AcctStatusType, 3], [Attr.AcctSessionId, session], [Attr.AcctSessionTime, 1]];
const stop = (session: string, seconds: number): OutgoingAttribute[] => [[Attr.AcctStatusType, 2], [Attr.AcctSessionId, session], [Attr.AcctSessionTime, seconds]];

describe('the console assets', () => {
  it('are built into dist/console by npm run build', () => {
    expect(existsSync(join(CONSOLE_DIR, 'index.html')), `no ${CONSOLE_DIR}index.html: run npm run build`).toBe(true);
  });

  it('are served with index.html never cached and hashed assets cached for good; without a build / says how to make one', async () => {
    const server = await startTestServer();
    const t = await startTestApi(server);
    const empty = mkdtempSync(join(tmpdir(), 'firebridge-no-console-'));
    const { startApi } = await import('../../src/api/server.js');
    const { pino } = await import('pino');
    const bare = await startApi({ config: { ...server.config, api: { ...server.config.api, host: '127.0.0.1', port: 0 } }, store: server.store, logger: pino({ level: 'silent' }), now: Date.now, consoleDir: empty });
    try {
      const index = await fetch(`${t.api.url}/`);
      expect(index.status).toBe(200);
      expect(index.headers.get('cache-control')).toBe('no-cache');
      expect(index.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      const html = await index.text();
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(asset).toBeDefined();
      const js = await fetch(`${t.api.url}${asset}`);
      expect(js.status).toBe(200);
      expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await t.call('GET', '/api/nothing-here', { role: 'read-only' })).body).toEqual({ error: 'not-found', message: 'no route GET /api/nothing-here' });
      const missing = await fetch(`${bare.url}/`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toBe(CONSOLE_NOT_BUILT);
    } finally {
      await bare.close();
      await t.api.close();
      await server.stop();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!available('chromium'))('the web console in Chromium', { timeout: 60_000 }, () => {
  let server: TestServer;
  let t: TestApi;
  let fb: FirebrickStandIn;
  let disconnects: DisconnectListener;
  let profile: string;
  let browser: BrowserContext;
  let page: Page;
  /** Script errors and console errors (a Content-Security-Policy refusal among them): none expected. */
  const pageErrors: string[] = [];

  const open = async (hash: string, heading: string) => {
    await page.goto(`${t.api.url}/#/${hash}`);
    await page.getByRole('heading', { level: 2, name: heading }).waitFor();
  };
  const shot = async (name: string) => {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };
  const logIn = async (token: string) => {
    await page.goto(`${t.api.url}/`);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Log in' }).click();
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer();
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    disconnects = await fb.listenForDisconnect();
    const clients = server.config.clients.map((c) => ({ ...c, disconnectPort: disconnects.port }));
    t = await startTestApi(server, {}, { ...server.config, clients });
    profile = mkdtempSync(join(tmpdir(), 'firebridge-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('dialog', (d) => void d.accept());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // Refused calls (401, 403, 404) are the browser's own "Failed to load resource" lines, and expected.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await t?.api.close();
    disconnects?.close();
    fb?.close();
    await server?.stop();
  });

  it('refuses a bad token with the API\'s words and lets a good one in', async () => {
    await logIn('fbt_000000000000_not-a-token');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('token refused: a valid bearer token is required');
    await shot('login');
    await logIn(t.tokens.operator);
    await page.getByRole('heading', { level: 2, name: 'Status' }).waitFor();
    await expect.poll(() => page.locator('dl.facts').textContent()).toContain('redis, answering');
    await shot('status');
  });

  it('finds a registration by number and flushes it', async () => {
    const now = Date.now();
    await server.store.registrations.register(
      { id: 'b-201', number: '201', subscriber: 'firebridge:alice', contact: 'sip:201@192.0.2.9:5060', contactParts: undefined, sourceAddress: '192.0.2.9', sourcePort: 5060, behindNat: false, userAgent: 'Snom D785', callId: 'c@phone', firebrick: 'fb4', nasIdentifier: undefined, registeredAt: now, expiresAt: now + 3_600_000 },
      0,
    );
    await open('registrations', 'Registrations');
    await page.getByLabel('Number').fill('201');
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByRole('table', { name: 'registrations' }).getByRole('row').filter({ hasText: 'Snom D785' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('firebridge:alice');
    await shot('registrations');
    await row.getByRole('button', { name: 'Flush 201' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('removed 1 binding of 201');
    expect(await server.store.registrations.numbers()).toEqual([]);
    await expect.poll(() => page.getByText('No registrations match.').count()).toBe(1);
  });

  it('hangs up a live call: one Disconnect-Request, the outcome shown, the call gone', async () => {
    expect((await fb.send(Code.AccountingRequest, start('live-c1', '01632960001')))?.code).toBe(Code.AccountingResponse);
    await open('calls', 'Live calls');
    const row = page.getByRole('row').filter({ hasText: 'live-c1' });
    await expect.poll(() => row.count()).toBe(1);
    await shot('calls');
    await row.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('live-c1: disconnected by fb4 (Disconnect-ACK, Stop recorded)');
    expect(disconnects.requestsFor('live-c1')).toBe(1);
    await expect.poll(() => page.getByText('No calls in progress.').count()).toBe(1);
  });

  it('imports subscribers from CSV: a bad row is shown with its line and nothing is written; the fixed file imports', async () => {
    await open('subscribers', 'Subscribers');
    const csv = page.locator('textarea[name="csv"]');
    await csv.fill('username,password,number,max_calls\ncarol,pw-carol,211,2\ndave,pw-dave,212,lots\n');
    await page.getByRole('button', { name: 'Import' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('import refused, nothing written (1 problem)');
    expect(await alert.locator('li').allTextContents()).toEqual(['line 3: column "max_calls": "lots" is not a whole number ≥ 0']);
    expect(await server.store.subscribers.get('firebridge', 'carol')).toBeUndefined();
    await shot('subscribers-refused');
    await csv.fill('username,password,number,max_calls\ncarol,pw-carol,211,2\ndave,pw-dave,212,3\n');
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('imported 2 subscribers');
    await expect.poll(() => page.getByRole('table', { name: 'subscribers' }).getByRole('row').filter({ hasText: 'dave' }).count()).toBe(1);
    expect((await server.store.subscribers.get('firebridge', 'dave'))?.maxCalls).toBe(3);
    await shot('subscribers');
  });

  it('shows each subscriber\'s call features, and the import in the audit log under the token\'s name', async () => {
    expect((await t.call('PATCH', '/api/subscribers/firebridge/carol', { role: 'operator', body: { forward: '202', simRing: ['203', '204'] } })).status).toBe(200);
    await open('status', 'Status');
    await open('subscribers', 'Subscribers');
    const carol = page.getByRole('table', { name: 'subscribers' }).getByRole('row').filter({ hasText: 'carol' });
    await expect.poll(() => carol.textContent()).toContain('forward: tel:202; simRing: tel:203, tel:204');
    await open('audit', 'Audit log');
    const rows = page.getByRole('table', { name: 'audit log' }).getByRole('row').filter({ hasText: 'subscriber:firebridge:dave' });
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.textContent()).toContain('operator:test-operator');
    expect(await rows.textContent()).toContain('subscriber import');
    expect(await rows.textContent()).toContain('"password":"(set)"');
  });

  it('dry-runs a number: the matched rule, the trace and the reply attributes in order', async () => {
    await open('dry-run', 'Rule dry run');
    await page.getByLabel('To (dialled)').fill('999');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await expect.poll(() => page.getByTestId('matched-rule').textContent()).toBe('emergency');
    expect(await page.getByTestId('reply-code').textContent()).toBe('Access-Accept');
    const trace = await page.getByRole('table', { name: 'rule trace' }).getByRole('row').allTextContents();
    expect(trace.at(-1)).toMatch(/^MATCHemergency/);
    const attributes = await page.getByRole('table', { name: 'reply attributes' }).locator('tbody tr').allTextContents();
    expect(attributes.length).toBeGreaterThan(0);
    expect(attributes[0]).toMatch(/^1Called-Station-Id/);
    await shot('dry-run');
  });

  it('draws the charts from real call records', async () => {
    for (const [session, to, seconds] of [['c-1', '01632960101', 30], ['c-2', '01632960102', 0], ['c-3', '01632960101', 90]] as const) {
      await fb.send(Code.AccountingRequest, start(session, to));
      if (seconds > 0) await fb.send(Code.AccountingRequest, answered(session));
      await fb.send(Code.AccountingRequest, stop(session, seconds));
    }
    await untilTrue('the records', async () => (await server.store.calls.records(0, 100)).length >= 4);
    await open('records', 'Call records');
    const chart = page.locator('.chart[data-chart="ASR per FireBrick"] canvas');
    await chart.waitFor();
    // Pixels of the bars' own colour: the axes and grid are drawn in others, so this counts bars only.
    const barPixels = await chart.evaluate((element, [r, g, b]) => {
      // Runs in the page: a canvas there (the test's own types have no DOM).
      const canvas = element as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === 255) n++;
      return n;
    }, BAR);
    expect(barPixels).toBeGreaterThan(1000);
    expect(await page.getByRole('table', { name: 'per FireBrick' }).getByRole('row').filter({ hasText: 'fb4' }).textContent()).toContain('75 %');
    expect(await page.getByRole('table', { name: 'call records' }).locator('tbody tr').count()).toBe(4);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('firebridge-records.csv');
    const csv = readFileSync((await download.path())!, 'utf8').split('\n');
    expect(csv[0]).toMatch(/^id,ended_at,session_id,/);
    expect(csv.filter((l) => l.includes(',c-3,'))).toHaveLength(1);
    await shot('records');
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') await page.screenshot({ path: join(REPO, 'docs', 'console.png') });
  });

  it('shows lockouts and fraud blocks, and unlocks', async () => {
    await server.store.guard.recordFailure([{ scope: 'source', id: '198.51.100.9', maxFailures: 1 }], { windowMs: 60_000, lockoutMs: 600_000 });
    await open('guards', 'Lockouts and fraud blocks');
    const row = page.getByRole('table', { name: 'lockouts' }).getByRole('row').filter({ hasText: '198.51.100.9' });
    await expect.poll(() => row.count()).toBe(1);
    await shot('guards');
    await row.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('unlocked source 198.51.100.9');
    expect(await server.store.guard.lockouts()).toEqual([]);
  });

  it('says a page is not available when the server lacks its route, and saves the remaining pages', async () => {
    // The audit and live-trace routes come with other work; the page must say so where they are absent.
    const paths = Object.keys((await t.call('GET', '/api/openapi.json')).body.paths as Record<string, unknown>);
    for (const [hash, heading] of [['audit', 'Audit log'], ['trace', 'Live trace'], ['tokens', 'API tokens']] as const) {
      await open(hash, heading);
      if (hash === 'trace') await page.getByRole('button', { name: 'Watch' }).click();
      const missing = page.locator('.failure.missing');
      if (hash !== 'tokens') await expect.poll(() => missing.count(), { message: hash }).toBe(paths.includes(`/api/${hash}`) ? 0 : 1);
      await shot(hash);
    }
  });

  it('tells a read-only token which role an action needs, and sends it back to the login when its token is revoked', async () => {
    await page.evaluate(() => (globalThis as unknown as { sessionStorage: { clear(): void } }).sessionStorage.clear());
    await logIn(t.tokens['read-only']);
    await page.getByRole('heading', { level: 2, name: 'Status' }).waitFor();
    await server.store.guard.recordFailure([{ scope: 'source', id: '198.51.100.7', maxFailures: 1 }], { windowMs: 60_000, lockoutMs: 600_000 });
    await open('guards', 'Lockouts and fraud blocks');
    await page.getByRole('row').filter({ hasText: '198.51.100.7' }).getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.locator('.failure.forbidden').textContent()).toMatch(/^needs the operator role/);
    expect(await server.store.guard.lockouts()).toHaveLength(1);
    await open('tokens', 'API tokens');
    await expect.poll(() => page.locator('.failure.forbidden').textContent()).toMatch(/^needs the admin role/);

    const [, id] = /^fbt_([0-9a-f]{12})_/.exec(t.tokens['read-only'])!;
    await server.store.tokens.delete(id!);
    await page.goto(`${t.api.url}/#/calls`);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('logged out: a valid bearer token is required');
  });

  it('ran without a script error or a refusal by the Content-Security-Policy', () => {
    expect(pageErrors).toEqual([]);
  });
});
