// The answer to each FaxBack command × context row (spec §2.3), from the request, the records the
// store returned (lookups.ts) and the port server's profile. Pure. The rules of spec §2.2:
//   * "known but disabled" is an Access-Accept with the flag at 0 (FB-Snd-From-Account,
//     FB-Rcv-To-Account, FB-DID-Enabled) — or, while the dictionary cannot number that flag, an
//     Access-Reject, since an Accept without it would let the fax through (spec §8.4);
//   * optional commands switched off in the profile get an empty Accept, never a Reject, and Get-DID
//     that finds nothing likewise (a Reject ends the fax, spec §2.3 row 12);
//   * what the manual does not describe (Get-Load-Balance-Group-Members, p.30 missing) is refused.
// An attribute is sent only when it differs from the port server's default (§3.2 "Default"), which
// is also what the manual's example replies show; FB-Account-Type in rows 1 and 2 always goes.
import { REFUSAL_SENTENCES, type FaxbackRequest, type RequestRefusal } from './access-request.js';
import type { FaxbackAttributeName } from './attributes.js';
import type { FaxbackAccept, FaxbackDecision, FaxbackReject, ReplyAttribute } from './decision.js';
import type { FaxbackDictionary } from './dictionary.js';
import { preSendAnswersCallAhead, type FaxbackFacts } from './lookups.js';
import type { FaxbackProfile } from './profile.js';
import { CALL_AHEAD_VALUE, isGroupAccountType, type CalledNumber, type CallAheadSetting, type FaxAccount, type UploadLogs } from './records.js';

export interface DecideContext {
  readonly profile: FaxbackProfile;
  readonly dictionary: FaxbackDictionary;
}

const UPLOAD_LOGS_VALUE: Readonly<Record<UploadLogs, number>> = { never: 0, 'after-errors': 1, always: 2 };
const FAILOVER_MODE_VALUE = { 'when-unavailable': 0, always: 1 } as const;

/** Account names and passwords share one message, so a reply does not tell which was wrong. */
const BAD_CREDENTIALS = 'invalid account name or password';

/**
 * The per-call call-ahead answer (spec §5): Never → 0, Always → 1, Dynamic → from the Called
 * Numbers database: a fax machine answered and a voice never did → 0; a voice ever answered → 1
 * for good; never seen → 1 (the port server's own default). Rows 3 and 10 send only 0 or 1 (§7 #14).
 */
export function callAheadAnswer(setting: CallAheadSetting, calledNumber: CalledNumber | undefined): 0 | 1 {
  if (setting === 'never') return 0;
  if (setting === 'always') return 1;
  return calledNumber !== undefined && calledNumber.faxSeen && !calledNumber.voiceSeen ? 0 : 1;
}

/** Collects an Accept's attributes, leaving out (and noting) the ones the dictionary cannot number. */
class Reply {
  private readonly attributes: ReplyAttribute[] = [];
  private readonly omitted: FaxbackAttributeName[] = [];

  constructor(private readonly dictionary: FaxbackDictionary) {}

  userName(name: string): this {
    this.attributes.push(['User-Name', name]);
    return this;
  }

  /** Adds the attribute unless the value is undefined; unnumbered, it is noted instead. */
  add(name: FaxbackAttributeName, value: string | number | undefined): this {
    if (value === undefined) return this;
    if (this.dictionary.numberOf(name) === undefined) this.omitted.push(name);
    else this.attributes.push([name, value]);
    return this;
  }

  accept(outcome: string): FaxbackAccept {
    return { kind: 'accept', attributes: this.attributes, outcome, omitted: this.omitted };
  }
}

function reject(reason: string, message: string, detail?: string): FaxbackReject {
  return { kind: 'reject', message, reason, ...(detail !== undefined ? { detail } : {}) };
}

/**
 * A blocking flag (disabled, time expired): Accept carrying it, or Reject when the dictionary cannot
 * number it — the block must hold either way (spec §8.4). `before` adds attributes that precede it.
 */
function block(
  ctx: DecideContext,
  flag: FaxbackAttributeName,
  value: number,
  outcome: string,
  message: string,
  before: (r: Reply) => Reply = (r) => r,
): FaxbackDecision {
  if (ctx.dictionary.numberOf(flag) === undefined) {
    return reject(`${outcome}:${flag}-unnumbered`, message, `${flag} has no number in the FaxBack dictionary, so the block is an Access-Reject`);
  }
  return before(new Reply(ctx.dictionary)).add(flag, value).accept(outcome);
}

const whenTrue = (flag: boolean, value: number): number | undefined => (flag ? value : undefined);

/** The CDR-related attributes rows 3 and 4 share, in the order of spec §2.3. */
function cdrAttributes(r: Reply, account: FaxAccount): Reply {
  return r
    .add('FB-CDR-Info', account.cdrInfo)
    .add('FB-Customer', account.customer)
    .add('FB-Source', account.source)
    .add('FB-Save-CDR', whenTrue(!account.saveCdr, 0));
}

/** Group accounts (8–10) carry their type and change marker, so the port server refreshes its member cache (spec §3.2). */
function groupAttributes(r: Reply, account: FaxAccount): Reply {
  if (!isGroupAccountType(account.type)) return r;
  return r.add('FB-Account-Type', account.type).add('FB-Last-Modified-Time', account.modifiedAt);
}

export function decideFaxback(request: FaxbackRequest, facts: FaxbackFacts, ctx: DecideContext): FaxbackDecision {
  const { profile, dictionary } = ctx;
  const reply = (): Reply => new Reply(dictionary);
  const account = facts.account;
  switch (request.kind) {
    case 'account-login':
    case 'account-validate': {
      if (!account) return reject('unknown-account', BAD_CREDENTIALS, request.account);
      if (facts.passwordOk !== true) return reject('wrong-password', BAD_CREDENTIALS, account.name);
      const r = reply().add('FB-Account-Type', account.type);
      if (request.kind === 'account-validate') return r.accept('validated');
      r.add('FB-Account-Login-Group', account.loginGroup)
        .add('FB-Call-Ahead-Mode', account.callAhead === 'dynamic' ? undefined : CALL_AHEAD_VALUE[account.callAhead])
        .add('FB-Upload-Logs', account.uploadLogs === undefined ? undefined : UPLOAD_LOGS_VALUE[account.uploadLogs]);
      if (profile.uuidMode) r.add('FB-Account-UUID', account.uuid).add('FB-Rcv-Failover-Account-UUID', facts.failoverAccount?.uuid);
      return r.accept('login');
    }
    case 'pre-send': {
      if (!account) return reject('unknown-account', 'unknown account', 'name' in request.account ? request.account.name : `uuid ${request.account.uuid}`);
      if (!account.send) return block(ctx, 'FB-Snd-From-Account', 0, 'send-disabled', 'sending is disabled for this account');
      if (account.sendTimeExpired) return block(ctx, 'FB-Snd-Time-Expired', 1, 'send-time-expired', 'send time has expired');
      const r = reply().add('FB-Snd-On-Behalf-Of', whenTrue(account.sendOnBehalfOf, 1));
      if (preSendAnswersCallAhead(request, profile)) r.add('FB-Call-Ahead-Mode', callAheadAnswer(account.callAhead, facts.calledNumber));
      return cdrAttributes(r, account)
        .add('FB-Snd-ANI', account.sendAni)
        .add('FB-Snd-TSID', account.sendTsid)
        .add('FB-Rule-Group', account.ruleGroup)
        .add('FB-Upload-Logs', account.uploadLogs === undefined ? undefined : UPLOAD_LOGS_VALUE[account.uploadLogs])
        .accept('pre-send');
    }
    case 'pre-receive': {
      if (!account) return reject('unknown-account', 'unknown account', request.account);
      if (!account.receive) return block(ctx, 'FB-Rcv-To-Account', 0, 'receive-disabled', 'receiving is disabled for this account');
      if (account.receiveTimeExpired) return block(ctx, 'FB-Rcv-Time-Expired', 1, 'receive-time-expired', 'receive time has expired');
      const r = cdrAttributes(reply(), account)
        .add('FB-Rcv-CSID', account.receiveCsid)
        .add('FB-Rcv-Failover-Account-Id', account.failoverAccount)
        .add('FB-Rcv-Failover-Mode', account.failoverMode === undefined ? undefined : FAILOVER_MODE_VALUE[account.failoverMode]);
      return groupAttributes(r, account).accept('pre-receive');
    }
    case 'account-info': {
      if (!account) return reject('unknown-account', 'unknown account', request.account);
      const r = isGroupAccountType(account.type) ? groupAttributes(reply(), account) : reply().add('FB-Account-Type', account.type === 0 ? undefined : account.type);
      return r.add('FB-Rcv-Email', account.receiveEmail).add('FB-Rcv-Format', account.receiveFormat).accept('account-info');
    }
    case 'route-did': {
      const did = facts.did;
      if (!did) return reject('did-not-found', 'no account for this DID', request.did);
      if (!did.enabled) return block(ctx, 'FB-DID-Enabled', 0, 'did-disabled', 'this DID is disabled', (r) => r.userName(did.account));
      return reply().userName(did.account).accept('routed');
    }
    case 'did-email': {
      const did = facts.did;
      if (!did) return reject('did-not-found', 'no account for this DID', request.did);
      if (!did.enabled) return block(ctx, 'FB-DID-Enabled', 0, 'did-disabled', 'this DID is disabled', (r) => r.userName(did.account));
      if (!account) return reject('did-account-missing', 'no account for this DID', `DID ${did.did} names account ${did.account}, which does not exist`);
      // Text and table disagree on what is required; both are sent (spec §7 #9).
      return reply().userName(account.name).add('FB-Rcv-Email', account.receiveEmail).accept('did-email');
    }
    case 'ata-by-mac':
    case 'ata-by-serial': {
      const ata = facts.ata;
      if (!ata) return reject('ata-not-found', 'no account for this fax ATA', request.kind === 'ata-by-mac' ? request.mac : request.serial);
      return reply().userName(ata.account).add('FB-Provisioning-Arg', ata.provisioningArg).add('FB-Queue-Profile', ata.queueProfile).accept('ata');
    }
    case 'call-ahead':
      if (!profile.answer.callAhead) return reply().accept('call-ahead-off');
      // Sent only for accounts set to decide per call (spec §2.3 row 10), so the account's mode is Dynamic.
      return reply().add('FB-Call-Ahead-Mode', callAheadAnswer('dynamic', facts.calledNumber)).accept('call-ahead');
    case 'sender-email': {
      if (!facts.senderEmail) return reject('sender-not-found', 'the address belongs to no account', request.email);
      if (!account) return reject('sender-account-missing', 'the address belongs to no account', `${request.email} names account ${facts.senderEmail.account}, which does not exist`);
      if (!account.send) return block(ctx, 'FB-Snd-From-Account', 0, 'send-disabled', 'sending is disabled for this account', (r) => r.userName(account.name));
      return reply().userName(account.name).accept('sender');
    }
    case 'get-did': {
      if (!profile.answer.getDid) return reply().accept('get-did-off');
      const did = facts.did;
      // Nothing known is "nothing to add", never a Reject: a Reject ends an ATA's fax (spec §7 #2).
      if (!did) return reply().accept('did-not-found');
      return reply()
        .userName(did.account)
        .add('FB-Queue-Profile', did.queueProfile)
        .add('FB-Snd-ANI', did.sendAni)
        .add('FB-Line-Num', did.lineNum)
        .add('FB-Line-Id', did.lineId)
        .accept('get-did');
    }
    case 'dids-for-account': {
      if (!profile.answer.getDidsForAccount) return reply().accept('dids-off');
      if (!account) return reject('unknown-account', 'unknown account', request.account);
      const r = reply();
      for (const d of facts.dids ?? []) r.add('FB-DID', d.did);
      return r.accept('dids');
    }
    case 'group-members':
      return reject('not-supported', 'Get-Load-Balance-Group-Members is not supported', 'its request and reply are on the manual\'s missing page 30 (spec §8)');
  }
}

/** A request that could not be read (access-request.ts) is refused; the log keeps the detail. */
export function refusalDecision(refusal: RequestRefusal): FaxbackReject {
  return reject(refusal.reason, REFUSAL_SENTENCES[refusal.reason], refusal.detail);
}
