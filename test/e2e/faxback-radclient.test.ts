// FreeRADIUS radclient as the FaxBack port server: every command × context row of spec §2.3 over
// real UDP against a firebridge with a `kind: faxback` client, the records made through the fax store
// and the `firebridge fax` command. radclient encodes the FaxBack VSAs from a dictionary directory
// the test writes from the dialect's own table (its `dictionary` includes FreeRADIUS's and the
// generated FaxBack vendor file), so requests and the printed replies share no code with firebridge's
// encoder and parser. One firebridge runs on the built-in numbers alone; a second with a vendor
// dictionary numbering the "known but disabled" flags shows the Accept-with-0 they allow.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_DICTIONARY, hashPassword, type FaxbackDictionary } from '../../src/faxback/index.js';
import type { FaxAccount } from '../../src/faxback/records.js';
import { account } from '../faxback/support.js';
import { configFileFor, runCli, stderrBesideContext } from '../support/cli.js';
import { dictionaryFileText, dictionaryFrom, radclientDictionaryDir, startFaxbackServer, writeDictionaryFile } from '../support/port-server.js';
import { radclient } from '../support/radclient.js';
import { TEST_SECRET, type TestServer } from '../support/server.js';
import { available } from '../support/tools.js';

/**
 * The vendor dictionary of the second firebridge. FaxBack publishes these numbers only in the file
 * shipped with the port server (spec §8), so the numbers here are made up for the test — the same
 * in firebridge's `faxback.dictionary` and in radclient's vendor file. FB-Called-Number-Result is
 * among them because the Called Numbers database is fed only by Stops that carry it (spec §5).
 */
const VENDOR_NUMBERS = {
  'FB-Snd-From-Account': 201,
  'FB-Rcv-To-Account': 202,
  'FB-DID-Enabled': 203,
  'FB-Called-Number-Result': 204,
  'FB-Snd-Email': 205,
  'FB-Account-UUID': 206,
  'FB-Rcv-Failover-Account-UUID': 207,
  'FB-Customer': 208,
  'FB-Last-Modified-Time': 209,
  'FB-Rcv-Format': 210,
  'FB-Upload-Logs': 211,
} as const;

interface Answer {
  readonly code: string | undefined;
  /** As radclient printed them, Message-Authenticator (which every Access-* reply carries) left out. */
  readonly attributes: Array<[string, string]>;
}

/** A firebridge, the radclient dictionary that matches its numbers, and the CLI configuration reaching its store. */
interface Fixture {
  readonly server: TestServer;
  readonly raddb: string;
  readonly cli: string;
}

async function fixture(dictionary: FaxbackDictionary, dictionaryFile?: string): Promise<Fixture> {
  const server = await startFaxbackServer(dictionaryFile ? { dictionaryFile } : {});
  return { server, raddb: radclientDictionaryDir(dictionary), cli: configFileFor(server.config) };
}

async function ask(f: Fixture, lines: readonly string[]): Promise<Answer> {
  const r = await radclient(`127.0.0.1:${f.server.authPort}`, 'auth', TEST_SECRET, lines, { raddb: f.raddb, timeoutSeconds: 3 });
  expect(r.stderr, r.stdout).not.toMatch(/error|unknown attribute/i);
  return { code: r.replyCode, attributes: r.attributes.filter(([name]) => name !== 'Message-Authenticator') };
}

async function acct(f: Fixture, lines: readonly string[]): Promise<string | undefined> {
  const r = await radclient(`127.0.0.1:${f.server.acctPort}`, 'acct', TEST_SECRET, lines, { raddb: f.raddb, timeoutSeconds: 3 });
  return r.replyCode;
}

/** `fax …` through the built command against the fixture's store; it must succeed. */
async function fax(f: Fixture, ...args: string[]): Promise<void> {
  const r = await runCli(['fax', ...args, '--config', f.cli]);
  expect(stderrBesideContext(r.stderr), args.join(' ')).toBe('');
  expect(r.code, args.join(' ')).toBe(0);
}

/** An account put straight into the store, with a password when given. */
async function putAccount(f: Fixture, over: Partial<FaxAccount> & { name: string }, password?: string): Promise<void> {
  const passwordHash = password === undefined ? undefined : await hashPassword(password);
  await f.server.store.fax.putAccount(account({ uuid: randomUUID().replace(/-/g, ''), ...over, ...(passwordHash ? { passwordHash } : {}) }));
}

const cmd = (command: string, context: string): string[] => [`FB-Command = ${command}`, `FB-Context = ${context}`];
const accept = (...attributes: Array<[string, string]>): Answer => ({ code: 'Access-Accept', attributes });
const reject = (message: string): Answer => ({ code: 'Access-Reject', attributes: [['Reply-Message', message]] });

describe.skipIf(!available('radclient'))('radclient as a FaxBack port server (spec §2.3)', () => {
  let builtIn: Fixture;
  let vendor: Fixture;

  beforeAll(async () => {
    const text = dictionaryFileText(VENDOR_NUMBERS);
    [builtIn, vendor] = await Promise.all([fixture(BUILT_IN_DICTIONARY), fixture(dictionaryFrom(text), writeDictionaryFile(text))]);
  });
  afterAll(async () => {
    await Promise.all([builtIn?.server.stop(), vendor?.server.stop()]);
  });

  describe('on the built-in numbers alone', () => {
    it('row 1, Account-Login: the right password gets the account type and its call-ahead setting; a wrong one, an unknown name and a password-less account the same Reject', async () => {
      await putAccount(builtIn, { name: 'Login1', type: 4, callAhead: 'always' }, 'secret-1');
      await putAccount(builtIn, { name: 'Login2' });
      const login = (name: string, password: string): string[] => [...cmd('Get-Account', 'Account-Login'), `User-Name = "${name}"`, `User-Password = "${password}"`, 'FB-Client-Info = ";FV=1.0.0.0;MN=TESTER"'];
      // Names compare case-insensitively (spec §1.4). FB-Call-Ahead-Mode here is the account's setting: 2 = Always.
      expect(await ask(builtIn, login('login1', 'secret-1'))).toEqual(accept(['FB-Account-Type', 'Queue-Private'], ['FB-Call-Ahead-Mode', 'Always']));
      const bad = reject('invalid account name or password');
      expect(await ask(builtIn, login('Login1', 'secret-2'))).toEqual(bad);
      expect(await ask(builtIn, login('nobody', 'secret-1'))).toEqual(bad);
      expect(await ask(builtIn, login('Login2', 'anything'))).toEqual(bad);
      // A private account at the default call-ahead (Dynamic): the type alone, 0 sent all the same.
      await putAccount(builtIn, { name: 'Login3' }, 'secret-3');
      expect(await ask(builtIn, login('Login3', 'secret-3'))).toEqual(accept(['FB-Account-Type', 'Private']));
      // No User-Password at all, and a name over 16 bytes (spec §1.4).
      expect(await ask(builtIn, [...cmd('Get-Account', 'Account-Login'), 'User-Name = "Login3"'])).toEqual(reject('the request carries no User-Password'));
      expect(await ask(builtIn, login('a-name-of-17-byte', 'x'))).toEqual(reject('the account name is not valid'));
    });

    it('row 2, Account-Validate: the account type, or the login Reject', async () => {
      await putAccount(builtIn, { name: 'Valid1', type: 1 }, 'pw-valid');
      const validate = (password: string): string[] => [...cmd('Get-Account', 'Account-Validate'), 'User-Name = "VALID1"', `User-Password = "${password}"`];
      expect(await ask(builtIn, validate('pw-valid'))).toEqual(accept(['FB-Account-Type', 'Shared-Send-Only']));
      expect(await ask(builtIn, validate('pw-wrong'))).toEqual(reject('invalid account name or password'));
    });

    it('row 3, Pre-Send-Session: FB-Call-Ahead-Mode 0/1 only for queued sends (Never → 0, Always → 1); unknown and send-disabled accounts refused', async () => {
      await putAccount(builtIn, { name: 'SendNever', callAhead: 'never' });
      await putAccount(builtIn, { name: 'SendAlways', callAhead: 'always' });
      await putAccount(builtIn, { name: 'SendOff', send: false });
      const preSend = (name: string, transfer: 'Queue' | 'Real-time'): string[] => [
        ...cmd('Get-Account', 'Pre-Send-Session'),
        `User-Name = "${name}"`,
        `Acct-Session-Id = "${randomUUID().replace(/-/g, '')}"`,
        'FB-Dial-Number = "5550001111"',
        `FB-Transfer-Type = ${transfer}`,
      ];
      // radclient prints 0 and 1 by the value names of the account setting (Never, Dynamic): here
      // they mean "do not call ahead" and "call ahead" (spec §7 #14).
      expect(await ask(builtIn, preSend('SendNever', 'Queue'))).toEqual(accept(['FB-Call-Ahead-Mode', 'Never']));
      expect(await ask(builtIn, preSend('SendAlways', 'Queue'))).toEqual(accept(['FB-Call-Ahead-Mode', 'Dynamic']));
      expect(await ask(builtIn, preSend('SendAlways', 'Real-time'))).toEqual(accept());
      expect(await ask(builtIn, preSend('nobody', 'Queue'))).toEqual(reject('unknown account'));
      // Without a number for FB-Snd-From-Account the block is a Reject (spec §8.4).
      expect(await ask(builtIn, preSend('SendOff', 'Queue'))).toEqual(reject('sending is disabled for this account'));
    });

    it('row 4, Pre-Receive-Session: an empty Accept (also for a queue account: its type goes only with group accounts); unknown and receive-disabled accounts refused', async () => {
      await putAccount(builtIn, { name: 'Recv1', type: 4 });
      await putAccount(builtIn, { name: 'RecvOff', receive: false });
      const preReceive = (name: string): string[] => [...cmd('Get-Account', 'Pre-Receive-Session'), `User-Name = "${name}"`, 'Acct-Session-Id = "r-1"', 'FB-Dial-Number = "5551112345"', 'FB-Transfer-Type = Real-time'];
      expect(await ask(builtIn, preReceive('Recv1'))).toEqual(accept());
      expect(await ask(builtIn, preReceive('nobody'))).toEqual(reject('unknown account'));
      expect(await ask(builtIn, preReceive('RecvOff'))).toEqual(reject('receiving is disabled for this account'));
    });

    it('row 5, Get-Account / For-External-Module: account type and FB-Rcv-Email', async () => {
      await putAccount(builtIn, { name: 'Ext1', type: 5, receiveEmail: 'ext1@example.com' });
      await putAccount(builtIn, { name: 'Ext2' });
      expect(await ask(builtIn, [...cmd('Get-Account', 'For-External-Module'), 'User-Name = "ext1"'])).toEqual(
        accept(['FB-Account-Type', 'Queue-Shared-Send-Only'], ['FB-Rcv-Email', 'ext1@example.com']),
      );
      expect(await ask(builtIn, [...cmd('Get-Account', 'For-External-Module'), 'User-Name = "Ext2"'])).toEqual(accept());
      expect(await ask(builtIn, [...cmd('Get-Account', 'For-External-Module'), 'User-Name = "nobody"'])).toEqual(reject('unknown account'));
    });

    it('row 6, Get-Account-From-DID / Pre-Receive-Session: the account in its stored spelling, the catch-all `*`, unknown and disabled DIDs refused', async () => {
      await fax(builtIn, 'account', 'add', 'RouteBob');
      await fax(builtIn, 'account', 'add', 'FrontDesk');
      // Added naming the account in another case: the reply spells it as stored.
      await fax(builtIn, 'did', 'add', '5556660001', '--account', 'ROUTEBOB');
      await fax(builtIn, 'did', 'add', '5556660002', '--account', 'routebob', '--disabled');
      await fax(builtIn, 'did', 'add', '*', '--account', 'frontdesk');
      const route = (did: string): string[] => [...cmd('Get-Account-From-DID', 'Pre-Receive-Session'), `User-Name = "${did}"`, 'Acct-Session-Id = "1_jGYVe4sNmF9sEp[eEdKoiA"'];
      expect(await ask(builtIn, route('5556660001'))).toEqual(accept(['User-Name', 'RouteBob']));
      expect(await ask(builtIn, route('*'))).toEqual(accept(['User-Name', 'FrontDesk']));
      // An unknown DID is refused, not sent to `*`: the port server itself falls back to the catch-all (spec §2.4).
      expect(await ask(builtIn, route('5556669999'))).toEqual(reject('no account for this DID'));
      expect(await ask(builtIn, route('5556660002'))).toEqual(reject('this DID is disabled'));
    });

    it('row 7, Get-Account-From-DID / For-External-Module: User-Name and FB-Rcv-Email', async () => {
      await putAccount(builtIn, { name: 'Mailed', receiveEmail: 'inbox@example.com' });
      await builtIn.server.store.fax.putDid({ did: '5557770001', account: 'Mailed', enabled: true });
      const q = (did: string): string[] => [...cmd('Get-Account-From-DID', 'For-External-Module'), `User-Name = "${did}"`];
      expect(await ask(builtIn, q('5557770001'))).toEqual(accept(['User-Name', 'Mailed'], ['FB-Rcv-Email', 'inbox@example.com']));
      expect(await ask(builtIn, q('5557779999'))).toEqual(reject('no account for this DID'));
    });

    it('rows 8 and 9, an ATA by MAC or by serial: its account and queue profile', async () => {
      const profile = '<QPXml Rf="0" Dn="1" Ndn="1" Ea="" Ef="" Ln="en-US" Tz="Pacific*" />';
      await fax(builtIn, 'account', 'add', 'AtaOwner');
      await fax(builtIn, 'ata', 'add', '--mac', '00:90:8f:1d:37:f1', '--serial', '27482735', '--account', 'ataowner', '--queue-profile', profile);
      const byMac = (mac: string): string[] => [...cmd('Get-Account-From-MAC-Address', 'For-External-Module'), `User-Name = "${mac}"`, 'FB-Fax-ATA-Type = 0'];
      const bySerial = (serial: string): string[] => [...cmd('Get-Account-From-Serial-Number', 'For-External-Module'), `User-Name = "${serial}"`, 'FB-Fax-ATA-Type = 0'];
      const found = accept(['User-Name', 'AtaOwner'], ['FB-Queue-Profile', profile.replace(/"/g, '\\"')]);
      expect(await ask(builtIn, byMac('00908F1D37F1'))).toEqual(found);
      expect(await ask(builtIn, byMac('00908f1d37f1'))).toEqual(found);
      expect(await ask(builtIn, bySerial('27482735'))).toEqual(found);
      expect(await ask(builtIn, byMac('00908F1D37FF'))).toEqual(reject('no account for this fax ATA'));
      expect(await ask(builtIn, bySerial('11111111'))).toEqual(reject('no account for this fax ATA'));
      expect(await ask(builtIn, byMac('not-a-mac'))).toEqual(reject('the User-Name is not a MAC address'));
    });

    it('row 10, Get-Call-Ahead-Mode: a number the Called Numbers database never saw gets 1', async () => {
      expect(await ask(builtIn, [...cmd('Get-Call-Ahead-Mode', 'Pre-Send-Session'), 'User-Name = "5558880001"', 'Acct-Session-Id = "1249336279265000"'])).toEqual(
        accept(['FB-Call-Ahead-Mode', 'Dynamic']),
      );
    });

    it('row 11, Get-Account-From-Sender-Email-Address: the account, in any case of the address; unknown and send-disabled refused', async () => {
      await fax(builtIn, 'account', 'add', 'Mailer');
      await fax(builtIn, 'account', 'add', 'MailerOff', '--send', 'off');
      await fax(builtIn, 'email', 'add', 'Sender@Example.com', '--account', 'mailer');
      await fax(builtIn, 'email', 'add', 'off@example.com', '--account', 'maileroff');
      const q = (address: string): string[] => [...cmd('Get-Account-From-Sender-Email-Address', 'For-External-Module'), `User-Name = "${address}"`];
      expect(await ask(builtIn, q('sender@EXAMPLE.com'))).toEqual(accept(['User-Name', 'Mailer']));
      expect(await ask(builtIn, q('stranger@example.com'))).toEqual(reject('the address belongs to no account'));
      expect(await ask(builtIn, q('off@example.com'))).toEqual(reject('sending is disabled for this account'));
    });

    it('rows 12 and 13, Get-DID in either context: the line settings when found, an empty Accept when not', async () => {
      await putAccount(builtIn, { name: 'testata' });
      await builtIn.server.store.fax.putDid({ did: '2222', account: 'testata', enabled: true, sendAni: '5551119999', queueProfile: '<QPXml Op="1" />' });
      for (const context of ['Pre-Send-Session', 'For-External-Module']) {
        const q = (key: string): string[] => [...cmd('Get-DID', context), `User-Name = "${key}"`, ...(context === 'Pre-Send-Session' ? ['Acct-Session-Id = "s-12"'] : [])];
        expect(await ask(builtIn, q('2222')), context).toEqual(accept(['User-Name', 'testata'], ['FB-Queue-Profile', '<QPXml Op=\\"1\\" />'], ['FB-Snd-ANI', '5551119999']));
        expect(await ask(builtIn, q('5559990000')), context).toEqual(accept());
      }
    });

    it('row 14, Get-DIDs-For-Account: one FB-DID per DID in order, none an empty Accept, an unknown account refused', async () => {
      await putAccount(builtIn, { name: 'Many' });
      await putAccount(builtIn, { name: 'None' });
      for (const d of ['5553330003', '5553330001', '5553330002']) await builtIn.server.store.fax.putDid({ did: d, account: 'Many', enabled: true });
      const q = (name: string): string[] => [...cmd('Get-DIDs-For-Account', 'For-External-Module'), `User-Name = "${name}"`];
      expect(await ask(builtIn, q('many'))).toEqual(accept(['FB-DID', '5553330001'], ['FB-DID', '5553330002'], ['FB-DID', '5553330003']));
      expect(await ask(builtIn, q('None'))).toEqual(accept());
      expect(await ask(builtIn, q('nobody'))).toEqual(reject('unknown account'));
    });

    it('row 15, Get-Load-Balance-Group-Members: refused as not supported', async () => {
      expect(await ask(builtIn, [...cmd('Get-Load-Balance-Group-Members', 'Pre-Receive-Session'), 'User-Name = "group"'])).toEqual(
        reject('Get-Load-Balance-Group-Members is not supported'),
      );
    });

    it('invalid pairs, an unknown command, no FB-Command, no FB-Context, no User-Name: each refused with its sentence', async () => {
      const invalidPair = reject('the FB-Command is not valid with this FB-Context');
      expect(await ask(builtIn, [...cmd('Get-Account-From-DID', 'Account-Login'), 'User-Name = "5551231234"'])).toEqual(invalidPair);
      expect(await ask(builtIn, [...cmd('Get-Call-Ahead-Mode', 'For-External-Module'), 'User-Name = "5551231234"'])).toEqual(invalidPair);
      // The context p.29 prints for it (spec §7 #1).
      expect(await ask(builtIn, [...cmd('Get-Load-Balance-Group-Members', 'Pre-Send-Session'), 'User-Name = "group"'])).toEqual(invalidPair);
      expect(await ask(builtIn, [...cmd('Get-DIDs-For-Account', 'Pre-Send-Session'), 'User-Name = "Many"'])).toEqual(invalidPair);
      expect(await ask(builtIn, ['FB-Command = 99', 'FB-Context = For-External-Module', 'User-Name = "x"'])).toEqual(reject('the FB-Command value is unknown'));
      expect(await ask(builtIn, ['FB-Context = For-External-Module', 'User-Name = "x"'])).toEqual(reject('the request carries no FB-Command'));
      expect(await ask(builtIn, ['FB-Command = Get-Account', 'User-Name = "x"'])).toEqual(reject('the request carries no FB-Context'));
      expect(await ask(builtIn, ['User-Name = "x"'])).toEqual(reject('the request carries no FB-Command'));
      expect(await ask(builtIn, cmd('Get-Account-From-DID', 'Pre-Receive-Session'))).toEqual(reject('the request carries no User-Name'));
    });
  });

  describe('with a vendor dictionary numbering the flags', () => {
    it('known but disabled is an Access-Accept with the flag at 0 (spec §2.2): sending, receiving, a DID', async () => {
      await putAccount(vendor, { name: 'SendOff', send: false });
      await putAccount(vendor, { name: 'RecvOff', receive: false });
      await vendor.server.store.fax.putSenderEmail({ email: 'off@example.com', account: 'SendOff' });
      await vendor.server.store.fax.putDid({ did: '5556660002', account: 'RecvOff', enabled: false });
      const preSend = [...cmd('Get-Account', 'Pre-Send-Session'), 'User-Name = "sendoff"', 'Acct-Session-Id = "s-1"', 'FB-Dial-Number = "5550001111"', 'FB-Transfer-Type = Real-time'];
      expect(await ask(vendor, preSend)).toEqual(accept(['FB-Snd-From-Account', '0']));
      expect(await ask(vendor, [...cmd('Get-Account-From-Sender-Email-Address', 'For-External-Module'), 'User-Name = "off@example.com"'])).toEqual(
        accept(['User-Name', 'SendOff'], ['FB-Snd-From-Account', '0']),
      );
      expect(await ask(vendor, [...cmd('Get-Account', 'Pre-Receive-Session'), 'User-Name = "RecvOff"', 'Acct-Session-Id = "r-1"'])).toEqual(accept(['FB-Rcv-To-Account', '0']));
      expect(await ask(vendor, [...cmd('Get-Account-From-DID', 'Pre-Receive-Session'), 'User-Name = "5556660002"'])).toEqual(
        accept(['User-Name', 'RecvOff'], ['FB-DID-Enabled', '0']),
      );
      expect(await ask(vendor, [...cmd('Get-Account-From-DID', 'For-External-Module'), 'User-Name = "5556660002"'])).toEqual(
        accept(['User-Name', 'RecvOff'], ['FB-DID-Enabled', '0']),
      );
    });

    it('a numbered optional attribute goes out; the sender address may come in FB-Snd-Email; outside UUID mode no UUID is sent though numbered', async () => {
      await putAccount(vendor, { name: 'Cust', customer: 'Acme Ltd', type: 4 }, 'pw-cust');
      await vendor.server.store.fax.putSenderEmail({ email: 'cust@example.com', account: 'Cust' });
      expect(await ask(vendor, [...cmd('Get-Account', 'Pre-Send-Session'), 'User-Name = "Cust"', 'Acct-Session-Id = "s-2"', 'FB-Transfer-Type = Real-time'])).toEqual(
        accept(['FB-Customer', 'Acme Ltd']),
      );
      // FB-Snd-Email wins over User-Name (spec §7 #8).
      expect(await ask(vendor, [...cmd('Get-Account-From-Sender-Email-Address', 'For-External-Module'), 'User-Name = "someone@else"', 'FB-Snd-Email = "CUST@example.com"'])).toEqual(
        accept(['User-Name', 'Cust']),
      );
      expect(await ask(vendor, [...cmd('Get-Account', 'Account-Login'), 'User-Name = "cust"', 'User-Password = "pw-cust"'])).toEqual(accept(['FB-Account-Type', 'Queue-Private']));
    });

    it('FB-Last-Modified-Time and, at Pre-Receive, FB-Account-Type go only with group accounts, even when numbered; FB-Upload-Logs goes at login and Pre-Send', async () => {
      await putAccount(vendor, { name: 'Queue4', type: 4, receiveEmail: 'q4@example.com', receiveFormat: 2, uploadLogs: 'after-errors' }, 'pw-q4');
      expect(await ask(vendor, [...cmd('Get-Account', 'For-External-Module'), 'User-Name = "Queue4"'])).toEqual(
        accept(['FB-Account-Type', 'Queue-Private'], ['FB-Rcv-Email', 'q4@example.com'], ['FB-Rcv-Format', '2']),
      );
      expect(await ask(vendor, [...cmd('Get-Account', 'Pre-Receive-Session'), 'User-Name = "Queue4"', 'Acct-Session-Id = "r-4"'])).toEqual(accept());
      expect(await ask(vendor, [...cmd('Get-Account', 'Account-Login'), 'User-Name = "Queue4"', 'User-Password = "pw-q4"'])).toEqual(
        accept(['FB-Account-Type', 'Queue-Private'], ['FB-Upload-Logs', '1']),
      );
      expect(await ask(vendor, [...cmd('Get-Account', 'Pre-Send-Session'), 'User-Name = "Queue4"', 'Acct-Session-Id = "s-4"', 'FB-Transfer-Type = Real-time'])).toEqual(
        accept(['FB-Upload-Logs', '1']),
      );
    });

    it('call-ahead Dynamic follows the Called Numbers database that Stops with FB-Called-Number-Result feed (spec §5), in Pre-Send and Get-Call-Ahead-Mode', async () => {
      await putAccount(vendor, { name: 'Dyn' });
      const preSend = (number: string): string[] => [...cmd('Get-Account', 'Pre-Send-Session'), 'User-Name = "Dyn"', 'Acct-Session-Id = "s-3"', `FB-Dial-Number = "${number}"`, 'FB-Transfer-Type = Queue'];
      const separately = (number: string): string[] => [...cmd('Get-Call-Ahead-Mode', 'Pre-Send-Session'), `User-Name = "${number}"`, 'Acct-Session-Id = "s-3"'];
      let session = 0;
      const stop = (number: string, result: 'Success' | 'FaxError' | 'VoiceError'): Promise<string | undefined> =>
        acct(vendor, ['Acct-Status-Type = Stop', `Acct-Session-Id = "dyn-${session++}"`, 'User-Name = "Dyn"', `FB-Dial-Number = "${number}"`, `FB-Called-Number-Result = ${result}`]);
      // 0 and 1 print as Never and Dynamic (the account setting's value names): "no call-ahead", "call ahead".
      const callAhead = accept(['FB-Call-Ahead-Mode', 'Dynamic']);
      const noCallAhead = accept(['FB-Call-Ahead-Mode', 'Never']);

      expect(await ask(vendor, preSend('5554440001'))).toEqual(callAhead);
      expect(await stop('5554440001', 'Success')).toBe('Accounting-Response');
      expect(await ask(vendor, preSend('5554440001'))).toEqual(noCallAhead);
      expect(await ask(vendor, separately('5554440001'))).toEqual(noCallAhead);
      // A fax error still proves a fax machine answered.
      expect(await stop('5554440002', 'FaxError')).toBe('Accounting-Response');
      expect(await ask(vendor, preSend('5554440002'))).toEqual(noCallAhead);
      // A voice answer makes it 1 for good, whatever follows.
      expect(await stop('5554440001', 'VoiceError')).toBe('Accounting-Response');
      expect(await stop('5554440001', 'Success')).toBe('Accounting-Response');
      expect(await ask(vendor, preSend('5554440001'))).toEqual(callAhead);
      expect(await ask(vendor, separately('5554440001'))).toEqual(callAhead);
      // A Stop without the result says nothing about the number.
      expect(await acct(vendor, ['Acct-Status-Type = Stop', 'Acct-Session-Id = "dyn-x"', 'User-Name = "Dyn"', 'FB-Dial-Number = "5554440003"'])).toBe('Accounting-Response');
      expect(await ask(vendor, preSend('5554440003'))).toEqual(callAhead);
    });
  });
});
