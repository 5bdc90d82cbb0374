// Which records a request needs, as a pure function of the request (and the profile), and the one
// place that fetches them: the app hands `gatherFacts` its store, and the pure decision (decide.ts)
// gets everything it reads in one value. faxback/ does not import store/ (layering): the store is
// seen through `FaxbackFactsSource`, the part of the fax store contract the decisions read.
import type { AccountRef, FaxbackRequest } from './access-request.js';
import { accountPasswordMatches } from './account-password.js';
import { TransferType } from './commands.js';
import type { FaxbackProfile } from './profile.js';
import type { CalledNumber, FaxAccount, FaxAta, FaxDid, FaxSenderEmail } from './records.js';

export interface FaxbackLookups {
  readonly account?: AccountRef;
  readonly did?: string;
  readonly senderEmail?: string;
  readonly ataByMac?: string;
  readonly ataBySerial?: string;
  readonly calledNumber?: string;
  /** Second step, keyed by what the first found. */
  readonly then?: {
    /** The account the DID or sender-address record names (rows 7, 11). */
    readonly accountOf?: 'did' | 'sender-email';
    /** The account's failover account, for its UUID (row 1 in UUID mode, spec §6). */
    readonly failoverAccount?: true;
    /** The account's DIDs (row 14). */
    readonly didsOfAccount?: true;
  };
}

export interface FaxbackFacts {
  readonly account?: FaxAccount | undefined;
  readonly did?: FaxDid | undefined;
  readonly senderEmail?: FaxSenderEmail | undefined;
  readonly ata?: FaxAta | undefined;
  readonly calledNumber?: CalledNumber | undefined;
  readonly failoverAccount?: FaxAccount | undefined;
  readonly dids?: readonly FaxDid[] | undefined;
  /** Rows 1, 2: the request's password matches the account's (checked by gatherFacts, not by the decision). */
  readonly passwordOk?: boolean | undefined;
}

/** Whether the Pre-Send reply carries the call-ahead answer (spec §5, §2.3 row 3). */
export function preSendAnswersCallAhead(request: { readonly transferType: number | undefined }, profile: FaxbackProfile): boolean {
  return request.transferType === TransferType.Queue && profile.callAheadIn === 'pre-send' && profile.answer.callAhead;
}

export function lookupsFor(request: FaxbackRequest, profile: FaxbackProfile): FaxbackLookups {
  switch (request.kind) {
    case 'account-login':
      return { account: { name: request.account }, ...(profile.uuidMode ? { then: { failoverAccount: true } } : {}) };
    case 'account-validate':
    case 'pre-receive':
    case 'account-info':
      return { account: { name: request.account } };
    case 'pre-send':
      return {
        account: request.account,
        ...(preSendAnswersCallAhead(request, profile) && request.dialNumber !== undefined ? { calledNumber: request.dialNumber } : {}),
      };
    case 'route-did':
      return { did: request.did };
    case 'did-email':
      return { did: request.did, then: { accountOf: 'did' } };
    case 'ata-by-mac':
      return { ataByMac: request.mac };
    case 'ata-by-serial':
      return { ataBySerial: request.serial };
    case 'call-ahead':
      return profile.answer.callAhead ? { calledNumber: request.number } : {};
    case 'sender-email':
      return { senderEmail: request.email, then: { accountOf: 'sender-email' } };
    case 'get-did':
      return profile.answer.getDid ? { did: request.key } : {};
    case 'dids-for-account':
      return profile.answer.getDidsForAccount ? { account: { name: request.account }, then: { didsOfAccount: true } } : {};
    case 'group-members':
      return {};
  }
}

/** What the decisions read of the fax store (store/fax.ts FaxStore satisfies it). */
export interface FaxbackFactsSource {
  account(name: string): Promise<FaxAccount | undefined>;
  accountByUuid(uuid: string): Promise<FaxAccount | undefined>;
  did(did: string): Promise<FaxDid | undefined>;
  didsOf(account: string): Promise<FaxDid[]>;
  senderEmail(email: string): Promise<FaxSenderEmail | undefined>;
  ataByMac(mac: string): Promise<FaxAta | undefined>;
  ataBySerial(serial: string): Promise<FaxAta | undefined>;
  calledNumber(number: string): Promise<CalledNumber | undefined>;
}

/**
 * Fetches what `lookups` names, the first step in parallel, then what those records name. Store
 * errors propagate unchanged: the caller decides what an unavailable store means. No password is
 * checked here: that is CPU, not the store (checkPassword), so a deadline on the store can leave it out.
 */
export async function gatherRecords(lookups: FaxbackLookups, source: FaxbackFactsSource): Promise<FaxbackFacts> {
  const ref = lookups.account;
  const [account, did, senderEmail, ataMac, ataSerial, calledNumber] = await Promise.all([
    ref === undefined ? undefined : 'uuid' in ref ? source.accountByUuid(ref.uuid) : source.account(ref.name),
    lookups.did === undefined ? undefined : source.did(lookups.did),
    lookups.senderEmail === undefined ? undefined : source.senderEmail(lookups.senderEmail),
    lookups.ataByMac === undefined ? undefined : source.ataByMac(lookups.ataByMac),
    lookups.ataBySerial === undefined ? undefined : source.ataBySerial(lookups.ataBySerial),
    lookups.calledNumber === undefined ? undefined : source.calledNumber(lookups.calledNumber),
  ]);
  const then = lookups.then ?? {};
  const named = then.accountOf === 'did' ? did?.account : then.accountOf === 'sender-email' ? senderEmail?.account : undefined;
  const [ofRecord, failoverAccount, dids] = await Promise.all([
    named === undefined ? undefined : source.account(named),
    then.failoverAccount && account?.failoverAccount !== undefined ? source.account(account.failoverAccount) : undefined,
    then.didsOfAccount && account ? source.didsOf(account.name) : undefined,
  ]);
  return {
    account: account ?? ofRecord,
    did,
    senderEmail,
    ata: ataMac ?? ataSerial,
    calledNumber,
    failoverAccount,
    dids,
  };
}

/** Rows 1 and 2: the request's password checked against the account's (scrypt: some tens of ms). */
export async function checkPassword(request: FaxbackRequest, facts: FaxbackFacts): Promise<FaxbackFacts> {
  if ((request.kind !== 'account-login' && request.kind !== 'account-validate') || !facts.account) return facts;
  return { ...facts, passwordOk: await accountPasswordMatches(facts.account, request.password) };
}

/** Records and password check together (tests, and callers with no deadline to keep). */
export async function gatherFacts(request: FaxbackRequest, lookups: FaxbackLookups, source: FaxbackFactsSource): Promise<FaxbackFacts> {
  return checkPassword(request, await gatherRecords(lookups, source));
}
