// FaxBack records ⇄ Redis hash fields. Field names are what an operator sees in `redis-cli HGETALL`
// (README → Redis keys). Decoding reads hand-edited hashes too: a field that is missing or not
// understood takes the port server's default (spec §3.2 "Default" column), and a hash without its
// identifying fields is no record.
import type { CallAheadSetting, CalledNumber, FailoverMode, FaxAccount, FaxAta, FaxDid, FaxSenderEmail, UploadLogs } from '../faxback/records.js';

type Hash = Record<string, string>;

const flag = (b: boolean): string => (b ? '1' : '0');

/** `'1'` / `'0'`; anything else (or nothing) is the default. */
function readFlag(v: string | undefined, otherwise: boolean): boolean {
  return v === '1' ? true : v === '0' ? false : otherwise;
}

function readInt(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : undefined;
}

function readChoice<T extends string>(v: string | undefined, choices: readonly T[]): T | undefined {
  return choices.find((c) => c === v);
}

/** Copies the defined values of `from` into `to` under their field names. */
function putText(to: Hash, fields: Readonly<Record<string, string | number | undefined>>): void {
  for (const [field, v] of Object.entries(fields)) if (v !== undefined) to[field] = String(v);
}

/** The optional text fields of a hash, by property name, for a spread into a record. */
function takeText<K extends string>(h: Hash, fields: Readonly<Record<K, string>>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [prop, field] of Object.entries(fields) as Array<[K, string]>) {
    const v = h[field];
    if (v !== undefined) out[prop] = v;
  }
  return out;
}

const CALL_AHEAD: readonly CallAheadSetting[] = ['never', 'dynamic', 'always'];
const FAILOVER_MODES: readonly FailoverMode[] = ['when-unavailable', 'always'];
const UPLOAD_LOGS: readonly UploadLogs[] = ['never', 'after-errors', 'always'];

/** The optional text fields of an account: property → hash field. */
const ACCOUNT_TEXT = {
  passwordHash: 'password_hash',
  password: 'password',
  loginGroup: 'login_group',
  ruleGroup: 'rule_group',
  customer: 'customer',
  source: 'source',
  cdrInfo: 'cdr_info',
  queueProfile: 'queue_profile',
  receiveEmail: 'receive_email',
  receiveCsid: 'receive_csid',
  sendAni: 'send_ani',
  sendTsid: 'send_tsid',
  failoverAccount: 'failover_account',
} as const satisfies Partial<Record<keyof FaxAccount, string>>;

export function accountToHash(a: FaxAccount): Hash {
  const h: Hash = {
    name: a.name,
    uuid: a.uuid,
    type: String(a.type),
    send: flag(a.send),
    receive: flag(a.receive),
    send_time_expired: flag(a.sendTimeExpired),
    receive_time_expired: flag(a.receiveTimeExpired),
    call_ahead: a.callAhead,
    send_on_behalf_of: flag(a.sendOnBehalfOf),
    save_cdr: flag(a.saveCdr),
    modified_at: String(a.modifiedAt),
  };
  for (const [prop, field] of Object.entries(ACCOUNT_TEXT) as Array<[keyof typeof ACCOUNT_TEXT, string]>) putText(h, { [field]: a[prop] });
  putText(h, { receive_format: a.receiveFormat, failover_mode: a.failoverMode, upload_logs: a.uploadLogs });
  return h;
}

export function accountFromHash(h: Hash): FaxAccount | undefined {
  if (!h.name || !h.uuid) return undefined;
  const receiveFormat = readInt(h.receive_format);
  const failoverMode = readChoice(h.failover_mode, FAILOVER_MODES);
  const uploadLogs = readChoice(h.upload_logs, UPLOAD_LOGS);
  return {
    name: h.name,
    uuid: h.uuid,
    type: readInt(h.type) ?? 0,
    send: readFlag(h.send, true),
    receive: readFlag(h.receive, true),
    sendTimeExpired: readFlag(h.send_time_expired, false),
    receiveTimeExpired: readFlag(h.receive_time_expired, false),
    callAhead: readChoice(h.call_ahead, CALL_AHEAD) ?? 'dynamic',
    sendOnBehalfOf: readFlag(h.send_on_behalf_of, false),
    saveCdr: readFlag(h.save_cdr, true),
    ...takeText(h, ACCOUNT_TEXT),
    ...(receiveFormat !== undefined ? { receiveFormat } : {}),
    ...(failoverMode ? { failoverMode } : {}),
    ...(uploadLogs ? { uploadLogs } : {}),
    modifiedAt: readInt(h.modified_at) ?? 0,
  };
}

const DID_TEXT = { sendAni: 'send_ani', queueProfile: 'queue_profile', lineId: 'line_id' } as const satisfies Partial<Record<keyof FaxDid, string>>;

export function didToHash(d: FaxDid): Hash {
  const h: Hash = { did: d.did, account: d.account, enabled: flag(d.enabled) };
  putText(h, { send_ani: d.sendAni, queue_profile: d.queueProfile, line_num: d.lineNum, line_id: d.lineId });
  return h;
}

export function didFromHash(h: Hash): FaxDid | undefined {
  if (!h.did || !h.account) return undefined;
  const lineNum = readInt(h.line_num);
  return {
    did: h.did,
    account: h.account,
    enabled: readFlag(h.enabled, true),
    ...takeText(h, DID_TEXT),
    ...(lineNum !== undefined ? { lineNum } : {}),
  };
}

export function senderEmailToHash(e: FaxSenderEmail): Hash {
  return { email: e.email, account: e.account };
}

export function senderEmailFromHash(h: Hash): FaxSenderEmail | undefined {
  return h.email && h.account ? { email: h.email, account: h.account } : undefined;
}

const ATA_TEXT = { mac: 'mac', serial: 'serial', provisioningArg: 'provisioning_arg', queueProfile: 'queue_profile' } as const satisfies Partial<
  Record<keyof FaxAta, string>
>;

export function ataToHash(a: FaxAta): Hash {
  const h: Hash = { account: a.account };
  putText(h, { mac: a.mac, serial: a.serial, provisioning_arg: a.provisioningArg, queue_profile: a.queueProfile });
  return h;
}

export function ataFromHash(h: Hash): FaxAta | undefined {
  if (!h.account || !(h.mac || h.serial)) return undefined;
  return { account: h.account, ...takeText(h, ATA_TEXT) };
}

/** The Called Numbers hash field a fact sets; the recordFax script (redis/fax-lua.ts) also writes `number` and `updated_at`. */
export function calledNumberField(seen: 'faxSeen' | 'voiceSeen'): string {
  return seen === 'voiceSeen' ? 'voice_seen' : 'fax_seen';
}

export function calledNumberFromHash(h: Hash): CalledNumber | undefined {
  if (!h.number) return undefined;
  return { number: h.number, faxSeen: h.fax_seen === '1', voiceSeen: h.voice_seen === '1', updatedAt: readInt(h.updated_at) ?? 0 };
}
