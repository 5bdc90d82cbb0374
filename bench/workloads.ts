// The benchmark's requests, built the way a FireBrick sends them (spec §1.2, §6.2) and signed in
// advance, so sending costs the generator one syscall per packet. Every digest request carries a
// fresh nonce: firebridge accepts a (nonce, nc) pair once (replay protection), and the duplicate
// cache would answer a resent packet from memory — neither may flatter the figures.
import { createHash, randomBytes } from 'node:crypto';
import { Attr, Code, serializeRequest, type OutgoingAttribute } from '../src/radius/index.js';
import { AcctStatus } from '../src/accounting/leg-event.js';
import { EXTENSIONS, REALM, SUBSCRIBERS, subscriber, type BenchSubscriber } from './subscribers.js';
import { BUILT_IN_DICTIONARY, faxAccountingAttributes, faxbackRequestAttributes, FbCommand, FbContext, TransferType } from '../src/faxback/index.js';
import { FAX_ACCOUNTS, faxAccountName, faxDid } from './fax-accounts.js';
import { featureCalleeNumber } from './call-features.js';
import { lcrCalledNumber } from './lcr-table.js';

export const WORKLOADS = ['status', 'register', 'invite', 'invite-intl', 'invite-features', 'invite-lcr', 'accounting', 'mix', 'fax'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

export const WORKLOAD_TITLES: Record<WorkloadName, string> = {
  status: '(a) Status-Server',
  register: '(b) digest REGISTER + Redis write',
  invite: '(c) digest INVITE, routed by rules',
  'invite-intl': "(c') digest INVITE to an international number (outbound rule)",
  'invite-features': "(c'') digest INVITE to a subscriber with call features (follow-me, no-answer forward)",
  'invite-lcr': "(c''') digest INVITE routed by an LCR table (3,002 prefixes)",
  accounting: '(d) accounting Start/Stop',
  mix: '(e) mix 45/25/30',
  fax: '(f) FaxBack receive: DID, account, Start/Stop',
};

/** Workloads a FaxBack port server sends: the generator sends them from the fax client's address. */
export const FAX_WORKLOADS: ReadonlySet<WorkloadName> = new Set(['fax']);

export interface BuiltPacket {
  readonly port: 'auth' | 'acct';
  readonly wire: Buffer;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const NAS = '198.51.100.20';
const HOST = 'firebrick.example.com';

export class PacketFactory {
  private registers = 0;
  private legs = 0;
  private accountingRequests = 0;
  private readonly openLegs: Array<{ id: string; caller: string; called: string }> = [];
  private readonly tag = randomBytes(3).toString('hex');

  constructor(private readonly secret: Buffer) {}

  build(workload: WorkloadName, identifier: number): BuiltPacket {
    switch (workload) {
      case 'status':
        return this.auth(Code.StatusServer, identifier, [[Attr.NasIpAddress, NAS]]);
      case 'register':
        return this.register(identifier);
      case 'invite':
        return this.invite(identifier);
      case 'invite-intl':
        return this.invite(identifier, `0033${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`);
      case 'invite-features':
        return this.invite(identifier, featureCalleeNumber(Math.random()));
      case 'invite-lcr':
        return this.invite(identifier, lcrCalledNumber(Math.random));
      case 'accounting':
        return this.accounting(identifier);
      case 'fax':
        return this.fax(identifier);
      case 'mix': {
        const r = Math.random();
        return r < 0.45 ? this.register(identifier) : r < 0.7 ? this.invite(identifier) : this.accounting(identifier);
      }
    }
  }

  private auth(code: number, identifier: number, attributes: OutgoingAttribute[]): BuiltPacket {
    return { port: 'auth', wire: serializeRequest(code, identifier, attributes, this.secret) };
  }

  /** The first REGISTERs are the extensions', so INVITEs to 200..299 find them registered. */
  private register(identifier: number): BuiltPacket {
    const n = this.registers++;
    return this.auth(Code.AccessRequest, identifier, registerAttributes(subscriber(n < EXTENSIONS ? n : randomIndex())));
  }

  /**
   * To an extension (2XX, the internal rules), or to `called`: an international number (the outbound
   * rule, and a destination class for the fraud guard), an extension with call features, a number
   * of the LCR table.
   */
  private invite(identifier: number, called = String(200 + Math.floor(Math.random() * EXTENSIONS))): BuiltPacket {
    return this.auth(Code.AccessRequest, identifier, inviteAttributes(subscriber(randomIndex()), called));
  }

  private faxes = 0;
  private faxStep = 0;
  /**
   * A received fax as the port server asks about it (spec §2.4 Receive): Get-Account-From-DID, then
   * Get-Account / Pre-Receive-Session for that account, then the fax's Start and Stop.
   */
  private fax(identifier: number): BuiltPacket {
    const step = this.faxStep++ % 4;
    if (step === 0) this.faxes++;
    const index = this.faxes % FAX_ACCOUNTS;
    const session = `bench-${this.tag}-fax-${this.faxes}`;
    switch (step) {
      case 0:
        return this.auth(
          Code.AccessRequest,
          identifier,
          faxbackRequestAttributes(BUILT_IN_DICTIONARY, { command: FbCommand.GetAccountFromDid, context: FbContext.PreReceiveSession, userName: faxDid(index), sessionId: session }),
        );
      case 1:
        return this.auth(
          Code.AccessRequest,
          identifier,
          faxbackRequestAttributes(BUILT_IN_DICTIONARY, {
            command: FbCommand.GetAccount,
            context: FbContext.PreReceiveSession,
            userName: faxAccountName(index),
            sessionId: session,
            attributes: [
              ['FB-Dial-Number', faxDid(index)],
              ['FB-Transfer-Type', TransferType.RealTime],
            ],
          }),
        );
      default: {
        const status = step === 2 ? 'start' : 'stop';
        const attributes = faxAccountingAttributes(BUILT_IN_DICTIONARY, { status, sessionId: session, account: faxAccountName(index), attributes: [['FB-Dial-Number', faxDid(index)]] });
        return { port: 'acct', wire: serializeRequest(Code.AccountingRequest, identifier, attributes, this.secret) };
      }
    }
  }

  /** Start and Stop alternate once a few legs are open, so every Stop closes a leg that started. */
  private accounting(identifier: number): BuiltPacket {
    const stop = this.accountingRequests++ % 2 === 1 && this.openLegs.length >= 16;
    const leg = stop
      ? this.openLegs.shift()!
      : { id: `bench-${this.tag}-${this.legs++}`, caller: subscriber(randomIndex()).number, called: String(200 + (this.legs % EXTENSIONS)) };
    if (!stop) this.openLegs.push(leg);
    return { port: 'acct', wire: serializeRequest(Code.AccountingRequest, identifier, legAttributes(leg, stop ? 'stop' : 'start'), this.secret) };
  }
}

/** A digest INVITE from a subscriber's phone to `called`. */
export function inviteAttributes(caller: BenchSubscriber, called: string): OutgoingAttribute[] {
  return [
    [Attr.UserName, caller.username],
    ...digestAttributes('INVITE', `sip:${called}@${HOST}`, caller.username, caller.password),
    [Attr.CallingStationId, caller.number],
    [Attr.CalledStationId, called],
    [Attr.AcctSessionId, `${randomBytes(8).toString('hex')}@198.51.100.99`],
  ];
}

/** A REGISTER of one subscriber from its one phone (the same Contact every time). */
export function registerAttributes(s: BenchSubscriber): OutgoingAttribute[] {
  return [
    [Attr.UserName, s.username],
    ...digestAttributes('REGISTER', `sip:${HOST}`, s.username, s.password),
    [Attr.CallingStationId, s.number],
    [Attr.SipAor, contactOf(s)],
    [Attr.AcctSessionId, `${randomBytes(8).toString('hex')}@198.51.100.99`],
  ];
}

export function contactOf(s: BenchSubscriber): string {
  return `sip:${s.username}@198.51.100.99:5060`;
}

export interface BenchLeg {
  readonly id: string;
  readonly caller: string;
  readonly called: string;
}

/** A call leg's Start or Stop as the FireBrick sends it (spec §6.2); `delaySeconds` is Acct-Delay-Time on a retry. */
export function legAttributes(leg: BenchLeg, status: 'start' | 'stop', delaySeconds = 0): OutgoingAttribute[] {
  return [
    [Attr.AcctStatusType, status === 'stop' ? AcctStatus.Stop : AcctStatus.Start],
    [Attr.AcctSessionId, leg.id],
    [Attr.AcctMultiSessionId, `${leg.id}@198.51.100.99`],
    [Attr.UserName, `sip:${leg.caller}@${HOST}`],
    [Attr.CallingStationId, leg.caller],
    [Attr.CalledStationId, leg.called],
    [Attr.NasIpAddress, NAS],
    ...(status === 'stop' ? ([[Attr.AcctSessionTime, 42]] as OutgoingAttribute[]) : []),
    ...(delaySeconds > 0 ? ([[Attr.AcctDelayTime, delaySeconds]] as OutgoingAttribute[]) : []),
  ];
}

/** RFC 5090 §3 attributes for an Authorization header, qop=auth (RFC 2617 §3.2.2); a fresh nonce each time. */
export function digestAttributes(method: string, uri: string, username: string, password: string): OutgoingAttribute[] {
  const nonce = randomBytes(16).toString('hex');
  const cnonce = randomBytes(4).toString('hex');
  const nc = '00000001';
  const ha1 = md5(`${username}:${REALM}:${password}`);
  const response = md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${md5(`${method}:${uri}`)}`);
  return [
    [Attr.NasIpAddress, NAS],
    [Attr.NasPort, 5060],
    [Attr.DigestMethod, method],
    [Attr.DigestUri, uri],
    [Attr.DigestUsername, username],
    [Attr.DigestRealm, REALM],
    [Attr.DigestNonce, nonce],
    [Attr.DigestQop, 'auth'],
    [Attr.DigestNonceCount, nc],
    [Attr.DigestCNonce, cnonce],
    [Attr.DigestAlgorithm, 'MD5'],
    [Attr.DigestResponse, response],
  ];
}

function randomIndex(): number {
  return EXTENSIONS + Math.floor(Math.random() * (SUBSCRIBERS - EXTENSIONS));
}
