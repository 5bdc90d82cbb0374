// Least-cost routing end to end: a table imported with `firebridge lcr import`, INVITEs through real
// UDP and Redis routed by a rule leg `lcr:`, and the `firebridge route` dry run naming the prefix
// and entries that chose each leg.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attr, Code } from '../../src/radius/index.js';
import { configFileFor, runCli, stderrBesideContext } from '../support/cli.js';
import { FirebrickStandIn, subscriberInvite } from '../support/firebrick-standin.js';
import { startTestServer, type TestServer } from '../support/server.js';

const REALM = 'firebridge';
const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

const RULES = {
  'rules.yaml': `
rules:
  - name: international
    match: { called: { regex: "^00(\\\\d+)$" } }
    route:
      - lcr: { table: uk, number: "\${1}" }
  - name: uk
    match: { called: { prefix: "44" } }
    route:
      - lcr: uk
  - name: france
    match: { called: { prefix: "33" } }
    route:
      - lcr: fr
      - { carrier: backup, fallback: true }
`,
};

/** A window that is not now (two hours on, UTC), whatever the time the test runs at. */
function notNow(): string {
  const h = (new Date().getUTCHours() + 2) % 24;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(h)}:00-${two(h + 1)}:00 UTC`;
}

/** The reply's Called-Station-Id values, in wire order. */
function routes(reply: { packet: { attributes: readonly { type: number; value: Buffer }[] } } | undefined): string[] {
  return (reply?.packet.attributes ?? []).filter((a) => a.type === Attr.CalledStationId).map((a) => a.value.toString());
}

describe('least-cost routing through RADIUS', () => {
  let server: TestServer;
  let fb: FirebrickStandIn;
  let cfg: string;
  const window = notNow();

  beforeAll(async () => {
    server = await startTestServer({}, RULES);
    fb = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    cfg = configFileFor(server.config);
    await server.store.subscribers.put({ username: 'alice', realm: REALM, ha1: { MD5: md5(`alice:${REALM}:alice-pw`) }, number: '201', enabled: true });
    const dir = mkdtempSync(join(tmpdir(), 'fb-lcr-e2e-'));
    const csv = join(dir, 'uk.csv');
    writeFileSync(csv, ['prefix,carrier,priority,rate,window,strip,prepend', '44,cheap,1,0.1,,,', '4420,b,2,1.1,,,', '4420,a,1,0.8,,,', `4420,c,1,0.5,${window},,`, '4420,d,3,2,,2,0', ''].join('\n'));
    const imported = await runCli(['lcr', 'import', 'uk', csv, '--config', cfg]);
    expect(stderrBesideContext(imported.stderr)).toBe('');
    expect(imported.code).toBe(0);
  });
  afterAll(async () => {
    fb?.close();
    await server?.stop();
  });

  const invite = (to: string) => fb.send(Code.AccessRequest, subscriberInvite({ username: 'alice', realm: REALM, to }));

  it('routes by the longest prefix: the best carrier at once, the others as fallbacks in order', async () => {
    const reply = await invite('442071234567');
    expect(reply?.code).toBe(Code.AccessAccept);
    expect(routes(reply)).toEqual(['@a', '998+@b', '999+02071234567@d']);
    // A shorter prefix routes a number the longer one does not cover.
    expect(routes(await invite('441632960123'))).toEqual(['@cheap']);
  });

  it('dials the number the leg names, as each carrier wants it', async () => {
    expect(routes(await invite('00442071234567'))).toEqual(['442071234567@a', '998+442071234567@b', '999+02071234567@d']);
  });

  it('skips the leg of a table that does not exist, and routes the others', async () => {
    // The fallback alone: the FireBrick starts a list of only delayed legs at once (spec §4.2).
    expect(routes(await invite('33123456789'))).toEqual(['999+@backup']);
  });

  it('the dry run names the prefix and the entries that chose each leg', async () => {
    const r = await runCli(['route', '--config', cfg, '--user', 'alice', '--to', '442071234567']);
    expect(stderrBesideContext(r.stderr)).toBe('');
    expect(r.stdout).toContain(
      `rules.yaml:7): lcr uk: prefix 4420 → @a (priority 1, rate 0.8), @b (priority 2, rate 1.1), 02071234567@d (priority 3, rate 2); @c (prefix 4420) skipped: outside ${window}`,
    );
    expect(r.stdout).toMatch(/MATCH uk \(/);
    expect(r.stdout).toContain('Called-Station-Id = "998+@b"');
    const missing = await runCli(['route', '--config', cfg, '--to', '33123456789']);
    expect(missing.stdout).toContain('rules.yaml:11): no LCR table fr; leg 1 skipped: it expanded to no destination');
  });
});
