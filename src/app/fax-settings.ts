// The settings of fax accounts and DIDs as operators give them: one table per record, from which the
// `add`/`set` options, the CSV columns of `import` and what `show` prints all come — one name, one
// parser and one default per setting. Defaults are the port server's (spec §3.2 "Default"), so an
// account left at its defaults answers as if firebridge had said nothing.
import { randomUUID } from 'node:crypto';
import { ACCOUNT_DEFAULTS as FAXBACK_ACCOUNT_DEFAULTS, type FaxAccount, type FaxAta, type FaxDid, type FaxSenderEmail } from '../faxback/records.js';
import { isPasswordHash } from '../faxback/password.js';
import {
  accountTypeName,
  accountType,
  CALL_AHEAD_SETTINGS,
  FAILOVER_MODES,
  field,
  MAX_VSA_VALUE,
  oneOf,
  onOff,
  text,
  UPLOAD_LOGS,
  wholeNumber,
  type Field,
  type Parsed,
} from './fax-fields.js';

/** What `add`, `set` and `import` set of an account besides its name, UUID and password. */
export type AccountSettings = Omit<FaxAccount, 'name' | 'uuid' | 'passwordHash' | 'password' | 'modifiedAt'>;

/** The port server's defaults (spec §3.2), the dialect's one list of them. */
export const ACCOUNT_DEFAULTS = FAXBACK_ACCOUNT_DEFAULTS satisfies Partial<AccountSettings>;

const vsa = text(MAX_VSA_VALUE, 'one RADIUS attribute');
function f<K extends keyof AccountSettings & string>(key: K, column: string, flags: string, help: string, parse: (t: string) => Parsed<NonNullable<AccountSettings[K]>>): Field<AccountSettings> {
  return field<AccountSettings, K>(key, column, flags, help, parse);
}

/** In the order `show` prints them and the README lists them. */
export const ACCOUNT_FIELDS: ReadonlyArray<Field<AccountSettings>> = [
  f('type', 'type', '--type <type>', 'FB-Account-Type: 0 private, 1 shared-send-only, 4 queue-private, 5 queue-shared-send-only (name or number; default private)', accountType),
  f('send', 'send', '--send <on|off>', 'may send faxes (FB-Snd-From-Account; default on)', onOff),
  f('receive', 'receive', '--receive <on|off>', 'may receive faxes (FB-Rcv-To-Account; default on)', onOff),
  f('callAhead', 'call_ahead', '--call-ahead <mode>', 'fax-ATA call-ahead: never, dynamic (default), always (spec §5)', oneOf(CALL_AHEAD_SETTINGS)),
  f('loginGroup', 'login_group', '--login-group <group>', 'FB-Account-Login-Group: connection servers the client may use', text(64, 'FB-Account-Login-Group, spec §3.2')),
  f('ruleGroup', 'rule_group', '--rule-group <group>', 'FB-Rule-Group: the Send Routing rule group', text(64, 'FB-Rule-Group, spec §3.2')),
  f('customer', 'customer', '--customer <text>', 'FB-Customer: the account owner, copied into CDRs', text(64, 'FB-Customer, spec §3.2')),
  f('source', 'source', '--source <text>', 'FB-Source: who created the account, copied into CDRs', text(64, 'FB-Source, spec §3.2')),
  f('cdrInfo', 'cdr_info', '--cdr-info <text>', 'FB-CDR-Info: free text copied into CDRs', text(64, 'FB-CDR-Info, spec §4.3')),
  f('queueProfile', 'queue_profile', '--queue-profile <xml>', 'FB-Queue-Profile: one <QPXml …/> element, passed through as given', vsa),
  f('receiveEmail', 'receive_email', '--receive-email <address>', 'FB-Rcv-Email: where the e-mail gateway mails received faxes', vsa),
  f('receiveFormat', 'receive_format', '--receive-format <n>', 'FB-Rcv-Format: image type of mailed faxes (number)', wholeNumber),
  f('receiveCsid', 'receive_csid', '--receive-csid <text>', 'FB-Rcv-CSID: the CSID of received faxes', text(20, 'a T.30 CSI')),
  f('sendAni', 'send_ani', '--send-ani <number>', 'FB-Snd-ANI: caller id of sent faxes', text(32, 'FB-Snd-ANI, spec §3.2')),
  f('sendTsid', 'send_tsid', '--send-tsid <text>', 'FB-Snd-TSID: the TSI of sent faxes', text(20, 'FB-Snd-TSID, spec §3.2')),
  f('failoverAccount', 'failover', '--failover <account>', 'FB-Rcv-Failover-Account-Id: the account that receives when this one cannot (an existing account)', text(64, 'FB-Rcv-Failover-Account-Id, spec §3.2')),
  f('failoverMode', 'failover_mode', '--failover-mode <mode>', 'FB-Rcv-Failover-Mode: when-unavailable or always', oneOf(FAILOVER_MODES)),
  f('sendTimeExpired', 'send_time_expired', '--send-time-expired <on|off>', 'FB-Snd-Time-Expired: no send time left (default off)', onOff),
  f('receiveTimeExpired', 'receive_time_expired', '--receive-time-expired <on|off>', 'FB-Rcv-Time-Expired: no receive time left (default off)', onOff),
  f('sendOnBehalfOf', 'on_behalf_of', '--on-behalf-of <on|off>', 'FB-Snd-On-Behalf-Of: may bill another account (default off)', onOff),
  f('saveCdr', 'save_cdr', '--save-cdr <on|off>', 'FB-Save-CDR: the port server sends accounting (default on)', onOff),
  f('uploadLogs', 'upload_logs', '--upload-logs <when>', 'FB-Upload-Logs: never, after-errors, always', oneOf(UPLOAD_LOGS)),
];

/** What `add`, `set` and `import` set of a DID besides the DID and its account. */
export type DidSettings = Omit<FaxDid, 'did' | 'account'>;

export const DID_DEFAULTS = { enabled: true } as const satisfies Partial<DidSettings>;

function d<K extends keyof DidSettings & string>(key: K, column: string, flags: string | undefined, help: string, parse: (t: string) => Parsed<NonNullable<DidSettings[K]>>): Field<DidSettings> {
  return field<DidSettings, K>(key, column, flags, help, parse);
}

/** `enabled` has no option of its own: `add --disabled`, `set --enable` / `--disable`. */
export const DID_FIELDS: ReadonlyArray<Field<DidSettings>> = [
  d('enabled', 'enabled', undefined, 'FB-DID-Enabled: routed (default) or not', onOff),
  d('sendAni', 'send_ani', '--send-ani <number>', 'FB-Snd-ANI of a fax-ATA line on this DID', text(32, 'FB-Snd-ANI, spec §3.2')),
  d('queueProfile', 'queue_profile', '--queue-profile <xml>', 'FB-Queue-Profile for this DID; needs Op="1" to override the account\'s (spec §2.3 row 12)', vsa),
  d('lineNum', 'line_num', '--line-num <n>', 'FB-Line-Num: the physical ATA line', wholeNumber),
  d('lineId', 'line_id', '--line-id <text>', 'FB-Line-Id: name of the DID or ATA line', text(64, 'FB-Line-Id, spec §3.2')),
];

/** The fax-ATA settings besides MAC, serial and account. */
export const ATA_TEXT = {
  provisioningArg: vsa,
  queueProfile: vsa,
} as const;

/** A new account's FB-Account-UUID (spec §6): random, 32 lower-case hex digits, never regenerated. */
export function newAccountUuid(): string {
  return randomUUID().replace(/-/g, '');
}

export function unixSeconds(ms = Date.now()): number {
  return Math.floor(ms / 1000);
}

/** Whether the account can log in and how its password is kept; the password and its hash are never shown. */
export function passwordState(a: Pick<FaxAccount, 'passwordHash' | 'password'>): 'set' | 'clear-text' | 'none' {
  if (a.password !== undefined) return 'clear-text';
  return a.passwordHash !== undefined && isPasswordHash(a.passwordHash) ? 'set' : 'none';
}

/** An account as `show`, `list` and `--json` print it: every setting, absent ones as null. */
export function describeAccount(a: FaxAccount): Record<string, unknown> {
  const out: Record<string, unknown> = { name: a.name, uuid: a.uuid, password: passwordState(a) };
  for (const { key } of ACCOUNT_FIELDS) out[key] = key === 'type' ? accountTypeName(a.type) : (a[key] ?? null);
  out.modifiedAt = new Date(a.modifiedAt * 1000).toISOString();
  return out;
}

export function describeDid(x: FaxDid): Record<string, unknown> {
  const out: Record<string, unknown> = { did: x.did, account: x.account };
  for (const { key } of DID_FIELDS) out[key] = x[key] ?? null;
  return out;
}

export function describeAta(x: FaxAta): Record<string, unknown> {
  return { mac: x.mac ?? null, serial: x.serial ?? null, account: x.account, provisioningArg: x.provisioningArg ?? null, queueProfile: x.queueProfile ?? null };
}

export function describeEmail(x: FaxSenderEmail): Record<string, unknown> {
  return { email: x.email, account: x.account };
}

/** `MAC 00908F1D37F0`, `serial 27482734`, or both: how messages name an ATA. */
export function ataName(x: Pick<FaxAta, 'mac' | 'serial'>): string {
  return [x.mac !== undefined ? `MAC ${x.mac}` : undefined, x.serial !== undefined ? `serial ${x.serial}` : undefined].filter(Boolean).join(', ');
}
