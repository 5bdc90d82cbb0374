// One number plan for voice and fax (README → FaxBack port servers): a carrier's INVITE through the
// FireBrick to a DID added with `firebridge fax did add` is routed by routing-rules/25-fax.yaml to
// the port server's SIP address, and the port server asking which account owns that DID is answered
// from the same table; a disabled fax DID and a voice number fall through to the voice rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attr, Code, type OutgoingAttribute } from '../../src/radius/index.js';
import { configFileFor, runCli, stderrBesideContext } from '../support/cli.js';
import { FirebrickStandIn, type Reply } from '../support/firebrick-standin.js';
import { PORT_SERVER, PortServerStandIn } from '../support/port-server.js';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/server.js';

/** A call from carrier `primary`, as the FireBrick asks about it (User-Name `@carrier`, spec §1.3). */
function carrierInvite(called: string): OutgoingAttribute[] {
  return [
    [Attr.UserName, '@primary'],
    [Attr.DigestMethod, 'INVITE'],
    [Attr.DigestUri, `sip:${called}@firebrick.example.com`],
    [Attr.CalledStationId, called],
    [Attr.CallingStationId, '447700900123'],
  ];
}

const routes = (reply: Reply | undefined): string[] => reply!.packet.attributes.filter((a) => a.type === Attr.CalledStationId).map((a) => a.value.toString());

describe('one number plan: fax DIDs routed to the port server', () => {
  let server: TestServer;
  let firebrick: FirebrickStandIn;
  let portServer: PortServerStandIn;
  let cli: string;

  async function fax(...args: string[]): Promise<void> {
    const r = await runCli(['fax', ...args, '--config', cli]);
    expect(stderrBesideContext(r.stderr), args.join(' ')).toBe('');
    expect(r.code, args.join(' ')).toBe(0);
  }

  beforeAll(async () => {
    // The shipped rules (a copy of routing-rules/); the FireBrick on ::1, the port server on 127.0.0.1.
    server = await startTestServer({
      clients: [
        { name: 'fb6', address: '::1', secret: TEST_SECRET },
        { kind: 'faxback', name: PORT_SERVER, address: '127.0.0.1', secret: TEST_SECRET },
      ],
    });
    firebrick = new FirebrickStandIn('::1', server.authPort, server.acctPort);
    portServer = new PortServerStandIn('127.0.0.1', server.authPort, server.acctPort);
    cli = configFileFor(server.config);
    await fax('account', 'add', 'FaxDesk');
    await fax('did', 'add', '441632960500', '--account', 'faxdesk');
    await fax('did', 'add', '441632960501', '--account', 'faxdesk', '--disabled');
    await server.store.setLookup('did:441632960100', '200');
  });
  afterAll(async () => {
    firebrick?.close();
    portServer?.close();
    await server?.stop();
  });

  it('a carrier call to a fax DID goes to the port server, which then learns the DID\'s account from the same table', async () => {
    const reply = await firebrick.send(Code.AccessRequest, carrierInvite('441632960500'));
    expect(reply?.code).toBe(Code.AccessAccept);
    expect(routes(reply)).toEqual(['sip:441632960500@faxserver.example.com']);
    expect(server.logs.find((l) => l.msg === 'request' && l.client === 'fb6')).toMatchObject({ rule: 'inbound fax DID' });

    const owner = await portServer.access({ command: 2, context: 4, userName: '441632960500', sessionId: 'rx-1' });
    expect(owner?.code).toBe(Code.AccessAccept);
    expect(owner!.attrs.text(Attr.UserName)).toBe('FaxDesk');
  });

  it('a disabled fax DID and a voice number fall through to the voice rules', async () => {
    const disabled = await firebrick.send(Code.AccessRequest, carrierInvite('441632960501'));
    expect(disabled?.code).toBe(Code.AccessReject);
    expect(disabled!.attrs.text(Attr.ReplyMessage)).toBe('Number not in service');
    const voice = await firebrick.send(Code.AccessRequest, carrierInvite('441632960100'));
    expect(routes(voice)).toEqual(['tel:200', '999+sip:vm-200@voicemail.example.com']);
  });

  it('enabling the DID with `fax did set` routes it at once', async () => {
    await fax('did', 'add', '441632960502', '--account', 'FaxDesk', '--disabled');
    expect(routes(await firebrick.send(Code.AccessRequest, carrierInvite('441632960502')))).toEqual([]);
    await fax('did', 'set', '441632960502', '--enable');
    expect(routes(await firebrick.send(Code.AccessRequest, carrierInvite('441632960502')))).toEqual(['sip:441632960502@faxserver.example.com']);
  });
});
