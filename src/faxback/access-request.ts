// What a FaxBack Access-Request asks (spec §2.3), read once at the edge into a typed value: one
// variant per command × context row, carrying exactly the fields that row needs. Nothing downstream
// sees raw attributes. Bad input is a refusal with a named reason, never a throw: the decision for a
// refusal is an Access-Reject (spec §2.2).
import { Attr, revealUserPassword, type AttributeReader } from '../radius/index.js';
import { parseClientInfo, type ClientInfo } from './client-info.js';
import { FbCommand, FbContext, VALID_CONTEXTS } from './commands.js';
import type { FaxbackDictionary } from './dictionary.js';
import { accountNameProblem, normalizeMac } from './records.js';
import { SubAttributeReader } from './sub-attribute-reader.js';
import { readUuid } from './uuid.js';
import { readFaxbackVsas, type VsaProblem } from './vsa.js';

/** The account a Pre-Send names: by User-Name, or in UUID mode possibly by FB-Account-UUID (spec §6). */
export type AccountRef = { readonly name: string } | { readonly uuid: string };

interface Row {
  /** The FB-Command and FB-Context numbers as received. */
  readonly command: number;
  readonly context: number;
}

/** Rows 1 and 2: check name and password. The password is clear octets (RFC 2865 §5.2 undone). */
export interface AccountLoginRequest extends Row {
  readonly kind: 'account-login';
  readonly account: string;
  readonly password: Buffer;
  readonly clientInfo: ClientInfo | undefined;
}
export interface AccountValidateRequest extends Row {
  readonly kind: 'account-validate';
  readonly account: string;
  readonly password: Buffer;
}
/** Row 3. `dialNumber` is the fax number before Send Routing (spec §2.3). */
export interface PreSendRequest extends Row {
  readonly kind: 'pre-send';
  readonly account: AccountRef;
  readonly sessionId: string | undefined;
  readonly dialNumber: string | undefined;
  readonly transferType: number | undefined;
}
/** Row 4. `dialNumber` is the DID. */
export interface PreReceiveRequest extends Row {
  readonly kind: 'pre-receive';
  readonly account: string;
  readonly sessionId: string | undefined;
  readonly dialNumber: string | undefined;
  readonly transferType: number | undefined;
}
/** Row 5. */
export interface AccountInfoRequest extends Row {
  readonly kind: 'account-info';
  readonly account: string;
}
/** Row 6: inbound routing. `did` may be the catch-all `*` (spec §2.4). */
export interface RouteDidRequest extends Row {
  readonly kind: 'route-did';
  readonly did: string;
  readonly sessionId: string | undefined;
}
/** Row 7: the e-mail gateway wants the address for a DID. */
export interface DidEmailRequest extends Row {
  readonly kind: 'did-email';
  readonly did: string;
}
/** Row 8. `mac` normalised to twelve upper-case hex digits. */
export interface AtaByMacRequest extends Row {
  readonly kind: 'ata-by-mac';
  readonly mac: string;
  readonly ataType: number | undefined;
}
/** Row 9. */
export interface AtaBySerialRequest extends Row {
  readonly kind: 'ata-by-serial';
  readonly serial: string;
  readonly ataType: number | undefined;
}
/** Row 10. `number` is the dialled number after Send Routing. */
export interface CallAheadRequest extends Row {
  readonly kind: 'call-ahead';
  readonly number: string;
  readonly sessionId: string | undefined;
}
/** Row 11. `email` is FB-Snd-Email if present, else User-Name (spec §7 #8). */
export interface SenderEmailRequest extends Row {
  readonly kind: 'sender-email';
  readonly email: string;
}
/** Rows 12 and 13, answered alike (spec §7 #2). `key` is the ANI (row 12) or the DID (row 13). */
export interface GetDidRequest extends Row {
  readonly kind: 'get-did';
  readonly key: string;
  readonly sessionId: string | undefined;
}
/** Row 14. */
export interface DidsForAccountRequest extends Row {
  readonly kind: 'dids-for-account';
  readonly account: string;
}
/** Row 15, whose request and reply are on the manual's missing page 30: refused (spec §8). */
export interface GroupMembersRequest extends Row {
  readonly kind: 'group-members';
  readonly account: string | undefined;
}

export type FaxbackRequest =
  | AccountLoginRequest
  | AccountValidateRequest
  | PreSendRequest
  | PreReceiveRequest
  | AccountInfoRequest
  | RouteDidRequest
  | DidEmailRequest
  | AtaByMacRequest
  | AtaBySerialRequest
  | CallAheadRequest
  | SenderEmailRequest
  | GetDidRequest
  | DidsForAccountRequest
  | GroupMembersRequest;

/** Why a request cannot be answered as asked, with the sentence an operator reads (logs, Reply-Message). */
export const REFUSAL_SENTENCES = {
  'malformed-vsa': 'a FaxBack Vendor-Specific attribute is malformed',
  'no-command': 'the request carries no FB-Command',
  'no-context': 'the request carries no FB-Context',
  'unknown-command': 'the FB-Command value is unknown',
  'invalid-pair': 'the FB-Command is not valid with this FB-Context',
  'no-user-name': 'the request carries no User-Name',
  'invalid-account-name': 'the account name is not valid',
  'no-password': 'the request carries no User-Password',
  'undecodable-password': 'the User-Password cannot be decoded',
  'invalid-mac': 'the User-Name is not a MAC address',
  'invalid-uuid': 'the FB-Account-UUID is in none of the UUID encodings',
} as const;
export type RefusalReason = keyof typeof REFUSAL_SENTENCES;

export interface RequestRefusal {
  readonly reason: RefusalReason;
  /** What exactly was wrong, for the log line. */
  readonly detail: string;
  readonly command?: number;
  readonly context?: number;
  /** For `malformed-vsa`. */
  readonly vsa?: VsaProblem;
}

export type FaxbackRequestResult = { readonly ok: true; readonly request: FaxbackRequest } | { readonly ok: false; readonly refusal: RequestRefusal };

export interface ReadContext {
  /** The client's shared secret and the packet's Request Authenticator, to reveal User-Password. */
  readonly secret: Buffer;
  readonly requestAuthenticator: Buffer;
  readonly dictionary: FaxbackDictionary;
  /** Account names up to 64 characters instead of 16 bytes (spec §6). */
  readonly uuidMode: boolean;
}

const refuse = (reason: RefusalReason, detail: string, row?: Partial<Row>): FaxbackRequestResult => ({
  ok: false,
  refusal: { reason, detail, ...(row?.command !== undefined ? { command: row.command } : {}), ...(row?.context !== undefined ? { context: row.context } : {}) },
});

export function readFaxbackRequest(a: AttributeReader, ctx: ReadContext): FaxbackRequestResult {
  const vsas = readFaxbackVsas(a.list);
  const bad = vsas.problems[0];
  if (bad) return { ok: false, refusal: { reason: 'malformed-vsa', detail: `${bad.reason}: ${bad.detail}`, vsa: bad } };
  const fb = new SubAttributeReader(vsas.subAttributes, ctx.dictionary);

  const commandValue = fb.first('FB-Command');
  if (commandValue === undefined) return refuse('no-command', 'no FB-Command sub-attribute');
  const contextValue = fb.first('FB-Context');
  if (contextValue === undefined) return refuse('no-context', 'no FB-Context sub-attribute');
  if (commandValue.length !== 4) return refuse('unknown-command', `FB-Command of ${commandValue.length} octets, not a 4-octet integer`);
  if (contextValue.length !== 4) return refuse('invalid-pair', `FB-Context of ${contextValue.length} octets, not a 4-octet integer`);
  const row: Row = { command: commandValue.readUInt32BE(0), context: contextValue.readUInt32BE(0) };
  const contexts = VALID_CONTEXTS[row.command];
  if (!contexts) return refuse('unknown-command', `FB-Command ${row.command}`, row);
  if (!contexts.includes(row.context)) return refuse('invalid-pair', `FB-Command ${row.command} with FB-Context ${row.context}`, row);

  const userName = a.text(Attr.UserName) || undefined;
  const sessionId = a.text(Attr.AcctSessionId);
  const key = (): FaxbackRequestResult | string => userName ?? refuse('no-user-name', 'no User-Name, the lookup key of this command (spec §1.5)', row);
  const accountName = (): FaxbackRequestResult | string => {
    if (userName === undefined) return refuse('no-user-name', 'no User-Name, the account name of this command', row);
    const problem = accountNameProblem(userName, ctx.uuidMode);
    return problem ? refuse('invalid-account-name', problem, row) : userName;
  };
  const password = (): FaxbackRequestResult | Buffer => {
    const hidden = a.first(Attr.UserPassword);
    if (hidden === undefined) return refuse('no-password', 'no User-Password on an Account-Login or Account-Validate', row);
    const revealed = revealUserPassword(hidden, ctx.secret, ctx.requestAuthenticator);
    return revealed.ok ? revealed.password : refuse('undecodable-password', revealed.detail, row);
  };
  const accept = (request: FaxbackRequest): FaxbackRequestResult => ({ ok: true, request });

  switch (row.command) {
    case FbCommand.GetAccount: {
      if (row.context === FbContext.PreSendSession) {
        const uuidValue = fb.first('FB-Account-UUID');
        if (uuidValue !== undefined) {
          const uuid = readUuid(uuidValue);
          if (uuid === undefined) return refuse('invalid-uuid', `FB-Account-UUID of ${uuidValue.length} octets`, row);
          return accept({ kind: 'pre-send', ...row, account: { uuid }, ...sendFields(fb, sessionId) });
        }
        const name = accountName();
        if (typeof name !== 'string') return name;
        return accept({ kind: 'pre-send', ...row, account: { name }, ...sendFields(fb, sessionId) });
      }
      const name = accountName();
      if (typeof name !== 'string') return name;
      switch (row.context) {
        case FbContext.AccountLogin: {
          const pw = password();
          if (!Buffer.isBuffer(pw)) return pw;
          const info = fb.text('FB-Client-Info');
          return accept({ kind: 'account-login', ...row, account: name, password: pw, clientInfo: info === undefined ? undefined : parseClientInfo(info) });
        }
        case FbContext.AccountValidate: {
          const pw = password();
          if (!Buffer.isBuffer(pw)) return pw;
          return accept({ kind: 'account-validate', ...row, account: name, password: pw });
        }
        case FbContext.PreReceiveSession:
          return accept({ kind: 'pre-receive', ...row, account: name, ...sendFields(fb, sessionId) });
        default:
          return accept({ kind: 'account-info', ...row, account: name });
      }
    }
    case FbCommand.GetAccountFromDid: {
      const did = key();
      if (typeof did !== 'string') return did;
      return accept(row.context === FbContext.PreReceiveSession ? { kind: 'route-did', ...row, did, sessionId } : { kind: 'did-email', ...row, did });
    }
    case FbCommand.GetAccountFromMacAddress: {
      const raw = key();
      if (typeof raw !== 'string') return raw;
      const mac = normalizeMac(raw);
      if (mac === undefined) return refuse('invalid-mac', `User-Name "${raw}" is not twelve hex digits`, row);
      return accept({ kind: 'ata-by-mac', ...row, mac, ataType: fb.integer('FB-Fax-ATA-Type') });
    }
    case FbCommand.GetAccountFromSerialNumber: {
      const serial = key();
      if (typeof serial !== 'string') return serial;
      return accept({ kind: 'ata-by-serial', ...row, serial, ataType: fb.integer('FB-Fax-ATA-Type') });
    }
    case FbCommand.GetCallAheadMode: {
      const number = key();
      if (typeof number !== 'string') return number;
      return accept({ kind: 'call-ahead', ...row, number, sessionId });
    }
    case FbCommand.GetAccountFromSenderEmail: {
      // The attribute section says FB-Snd-Email carries the address, the example puts it in User-Name (spec §7 #8).
      const email = fb.text('FB-Snd-Email') || key();
      if (typeof email !== 'string') return email;
      return accept({ kind: 'sender-email', ...row, email });
    }
    case FbCommand.GetDid: {
      const k = key();
      if (typeof k !== 'string') return k;
      return accept({ kind: 'get-did', ...row, key: k, sessionId });
    }
    case FbCommand.GetDidsForAccount: {
      const name = accountName();
      if (typeof name !== 'string') return name;
      return accept({ kind: 'dids-for-account', ...row, account: name });
    }
    default:
      // GetLoadBalanceGroupMembers: what it carries is on the unread p.30; User-Name is presumably the group.
      return accept({ kind: 'group-members', ...row, account: userName });
  }
}

function sendFields(fb: SubAttributeReader, sessionId: string | undefined): { sessionId: string | undefined; dialNumber: string | undefined; transferType: number | undefined } {
  return { sessionId, dialNumber: fb.text('FB-Dial-Number'), transferType: fb.integer('FB-Transfer-Type') };
}
