// What `firebridge serve` says at start about FaxBack settings (README → The dictionary): a setting
// that needs an attribute no dictionary numbers refuses the start naming both; a dictionary file
// with a bad line refuses with file:line:column; a file overriding a built-in number starts, with a
// warning naming both numbers. The built command, as an operator runs it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli, startCli, type RunningCli } from '../support/cli.js';
import { Attr, Code } from '../../src/radius/index.js';
import { dictionaryFileText, PortServerStandIn, writeDictionaryFile } from '../support/port-server.js';
import { TEST_SECRET } from '../support/server.js';
import { uniquePrefix } from '../support/stores.js';

/** A configuration with a FireBrick and a port server (clients[1]), and `faxback` settings. */
function configWith(faxbackClient: Record<string, unknown>, faxback: Record<string, unknown> = {}): string {
  const file = join(mkdtempSync(join(tmpdir(), 'firebridge-faxstart-')), 'firebridge.yaml');
  writeFileSync(
    file,
    stringify({
      listen: { host: '127.0.0.1', auth: 0, acct: 0 },
      clients: [
        { name: 'fb6', address: '::1', secret: TEST_SECRET },
        { kind: 'faxback', name: 'fax1', address: '127.0.0.1', secret: TEST_SECRET, ...faxbackClient },
      ],
      redis: { url: inject('redisUrl'), keyPrefix: uniquePrefix() },
      rules: { dir: mkdtempSync(join(tmpdir(), 'firebridge-rules-')), watch: false },
      metrics: { enabled: false },
      api: { enabled: false },
      log: { level: 'info', format: 'json' },
      faxback,
    }),
  );
  return file;
}

describe('firebridge serve with FaxBack settings', () => {
  const running: RunningCli[] = [];
  afterAll(async () => {
    for (const r of running) await r.stop();
  });

  it('uuidMode without a dictionary numbering the UUID attributes refuses to start, naming the setting and each attribute', async () => {
    const r = await runCli(['serve', '--config', configWith({ faxback: { uuidMode: true } })]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/firebridge listening/);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^firebridge: clients\[1\]\.faxback\.uuidMode: client "fax1": uuidMode needs FB-Account-UUID, which has no number in the FaxBack dictionary: /),
      expect.stringMatching(/^clients\[1\]\.faxback\.uuidMode: client "fax1": uuidMode needs FB-Rcv-Failover-Account-UUID, which has no number in the FaxBack dictionary: /),
    ]);
  });

  it('with both numbered, the same settings start', async () => {
    const dictionary = writeDictionaryFile(dictionaryFileText({ 'FB-Account-UUID': 206, 'FB-Rcv-Failover-Account-UUID': 207 }));
    const cli = startCli(['serve', '--config', configWith({ faxback: { uuidMode: true } }, { dictionary })]);
    running.push(cli);
    await cli.waitFor('stdout', /"firebridge listening"/);
    expect(await cli.stop()).toBe(0);
  });

  it('a dictionary file with bad lines refuses to start, each problem as file:line:column', async () => {
    const dictionary = writeDictionaryFile(
      ['VENDOR FaxBack 30694', 'BEGIN-VENDOR FaxBack', 'ATTRIBUTE FB-Page-Count 300 integer', 'ATTRIBUTE FB-Customer 120 text', 'END-VENDOR FaxBack', ''].join('\n'),
    );
    const r = await runCli(['serve', '--config', configWith({}, { dictionary })]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        'firebridge: invalid FaxBack dictionary',
        `${dictionary}:3:25: attribute number "300" is not 1..255 (a vendor sub-attribute type is one octet, RFC 2865 §5.26)`,
        `${dictionary}:4:27: type "text" is not one of integer, string, octets, date, ipaddr, byte, short, signed`,
        '',
      ].join('\n'),
    );
  });

  it('a dictionary overriding a built-in number starts, with a warning naming both numbers, and the file\'s number is the one sent', async () => {
    const dictionary = writeDictionaryFile(dictionaryFileText({ 'FB-DID': 76, 'FB-Customer': 120 }));
    const config = configWith({}, { dictionary });
    for (const args of [['account', 'add', 'Owner'], ['did', 'add', '5551231234', '--account', 'Owner']]) expect((await runCli(['fax', ...args, '--config', config])).code).toBe(0);
    const cli = startCli(['serve', '--config', config]);
    running.push(cli);
    const [line] = await cli.waitFor('stdout', /^.*"firebridge listening".*$/m);
    const warnings = cli
      .stdout()
      .split('\n')
      .filter((l) => l.includes('overrides a built-in number'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 40,
        dictionary,
        msg: `FaxBack dictionary overrides a built-in number: ${dictionary}:3:1: FB-DID is 76 here but 75 built in (decoded from the manual's packets); using 76`,
      }),
    ]);
    // The reply attributes still unnumbered are listed once; FB-Customer, numbered by the file, is not among them.
    const unnumbered = cli.stdout().split('\n').filter((l) => l.includes('reply attributes have no number')).map((l) => JSON.parse(l) as { unnumbered: string[] });
    expect(unnumbered).toHaveLength(1);
    expect(unnumbered[0]!.unnumbered).toEqual(expect.arrayContaining(['FB-Snd-From-Account', 'FB-Rcv-To-Account', 'FB-DID-Enabled']));
    expect(unnumbered[0]!.unnumbered).not.toContain('FB-Customer');

    const portServer = new PortServerStandIn('127.0.0.1', (JSON.parse(line) as { auth: number }).auth, 0);
    try {
      const reply = await portServer.access({ command: 9, context: 5, userName: 'owner' });
      expect(reply?.code).toBe(Code.AccessAccept);
      const vsa = reply!.packet.attributes.find((a) => a.type === Attr.VendorSpecific)!;
      expect(vsa.value.toString('hex')).toBe(`000077e6${'4c0c'}${Buffer.from('5551231234').toString('hex')}`);
    } finally {
      portServer.close();
    }
    expect(await cli.stop()).toBe(0);
  });
});
