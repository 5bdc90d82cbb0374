// Every FaxBack attribute the manual names (spec §3.1, §3.2, §4.3), with its wire type, where it
// travels, and its number when a decoded packet shows it. Only twelve numbers are known (spec §3.1);
// the rest must come from the operator's dictionary file (spec §8), so `number` is optional and a
// name is the only stable handle the rest of the dialect uses.

/** Wire types of a FreeRADIUS dictionary that a FaxBack sub-attribute can have. */
export const WIRE_TYPES = ['integer', 'string', 'octets', 'date', 'ipaddr', 'byte', 'short', 'signed'] as const;
export type WireType = (typeof WIRE_TYPES)[number];

/** Where the attribute travels: in an Access-Request, in an Access-Accept, in an Accounting-Request. */
export type AttributeUse = 'request' | 'reply' | 'accounting';

export interface AttributeSpec {
  readonly number?: number;
  readonly type: WireType;
  readonly use: readonly AttributeUse[];
}

const req = ['request'] as const;
const reply = ['reply'] as const;
const acct = ['accounting'] as const;

/**
 * The table of spec §3.1 (numbered), §3.2 (Access side) and §4.3 (accounting). Types the manual
 * leaves open are the spec's inferred ones: UUIDs are `octets` (each encoding of spec §6 is written
 * as bytes, uuid.ts); FB-Snd-On-Behalf-Of and FB-Rcv-Format `integer` (§3.2 "inferred");
 * FB-Rcv-CSID `string` (a T.30 identifier); FB-Start-Time `date` (§4.3).
 */
export const FAXBACK_ATTRIBUTES = {
  'FB-Command': { number: 1, type: 'integer', use: req },
  'FB-Context': { number: 2, type: 'integer', use: req },
  'FB-Account-Type': { number: 10, type: 'integer', use: reply },
  'FB-Rcv-Email': { number: 14, type: 'string', use: reply },
  'FB-Snd-ANI': { number: 19, type: 'string', use: reply },
  'FB-Dial-Number': { number: 34, type: 'string', use: ['request', 'accounting'] },
  'FB-Client-Info': { number: 45, type: 'string', use: req },
  'FB-Queue-Profile': { number: 57, type: 'string', use: reply },
  'FB-Transfer-Type': { number: 58, type: 'integer', use: req },
  'FB-Call-Ahead-Mode': { number: 61, type: 'integer', use: reply },
  'FB-Fax-ATA-Type': { number: 66, type: 'integer', use: req },
  'FB-DID': { number: 75, type: 'string', use: reply },

  // Spec §3.2, numbers unknown.
  'FB-Account-Login-Group': { type: 'string', use: reply },
  'FB-Account-UUID': { type: 'octets', use: ['request', 'reply'] },
  'FB-CDR-Info': { type: 'string', use: ['reply', 'accounting'] },
  'FB-Customer': { type: 'string', use: ['reply', 'accounting'] },
  'FB-DID-Enabled': { type: 'integer', use: reply },
  'FB-Last-Modified-Time': { type: 'integer', use: reply },
  'FB-Line-Id': { type: 'string', use: reply },
  'FB-Line-Num': { type: 'integer', use: reply },
  'FB-Provisioning-Arg': { type: 'string', use: reply },
  'FB-Rcv-CSID': { type: 'string', use: reply },
  'FB-Rcv-Failover-Account-Id': { type: 'string', use: reply },
  'FB-Rcv-Failover-Account-UUID': { type: 'octets', use: reply },
  'FB-Rcv-Failover-Mode': { type: 'integer', use: reply },
  'FB-Rcv-Format': { type: 'integer', use: reply },
  'FB-Rcv-Time-Expired': { type: 'integer', use: reply },
  'FB-Rcv-To-Account': { type: 'integer', use: reply },
  'FB-Rule-Group': { type: 'string', use: reply },
  'FB-Save-CDR': { type: 'integer', use: reply },
  'FB-Snd-Email': { type: 'string', use: req },
  'FB-Snd-From-Account': { type: 'integer', use: reply },
  'FB-Snd-On-Behalf-Of': { type: 'integer', use: reply },
  'FB-Snd-Time-Expired': { type: 'integer', use: reply },
  'FB-Snd-TSID': { type: 'string', use: reply },
  'FB-Source': { type: 'string', use: ['reply', 'accounting'] },
  'FB-Upload-Logs': { type: 'integer', use: reply },

  // Spec §4.3, accounting only, numbers unknown.
  'FB-Called-Number-Result': { type: 'integer', use: acct },
  'FB-Caller-ID': { type: 'string', use: acct },
  'FB-CDR-Type': { type: 'integer', use: acct },
  'FB-Client-Account-ID': { type: 'string', use: acct },
  'FB-Connect-BPS': { type: 'integer', use: acct },
  'FB-Connection-Server': { type: 'string', use: acct },
  'FB-Description': { type: 'string', use: acct },
  'FB-Dial-Prefix-Used': { type: 'string', use: acct },
  'FB-ECM-Frame-Error-Count': { type: 'integer', use: acct },
  'FB-Extended-Error-Code': { type: 'integer', use: acct },
  'FB-Fax-Capabilities': { type: 'integer', use: acct },
  'FB-Fax-Error-Code': { type: 'integer', use: acct },
  'FB-Is-Send': { type: 'integer', use: acct },
  'FB-Local-CSID': { type: 'string', use: acct },
  /** An ASCII string in the manual although its values are 0/1/2 (spec §7 #12). */
  'FB-Msg-Type': { type: 'string', use: acct },
  'FB-Page-Count': { type: 'integer', use: acct },
  'FB-Per-Fax-CDR-Info': { type: 'string', use: acct },
  'FB-Port-Server': { type: 'string', use: acct },
  'FB-Port-Used': { type: 'string', use: acct },
  'FB-Rcv-Account-Id': { type: 'string', use: acct },
  'FB-Related-Id': { type: 'string', use: acct },
  'FB-Remote-CSID': { type: 'string', use: acct },
  'FB-RTN-Count': { type: 'integer', use: acct },
  'FB-RTP-Count': { type: 'integer', use: acct },
  'FB-SIP-Call-Id': { type: 'string', use: acct },
  'FB-Start-Time': { type: 'date', use: acct },
  'FB-Total-Seconds': { type: 'integer', use: acct },
  'FB-V21-Frame-Error-Count': { type: 'integer', use: acct },
} as const satisfies Record<string, AttributeSpec>;

/** A FaxBack attribute the manual names: a typo in a decision is a compile error. */
export type FaxbackAttributeName = keyof typeof FAXBACK_ATTRIBUTES;

export const FAXBACK_ATTRIBUTE_NAMES = Object.keys(FAXBACK_ATTRIBUTES) as FaxbackAttributeName[];

/** Attributes carrying a UUID, written in the profile's encoding whatever the dictionary type says (spec §6). */
export const UUID_ATTRIBUTES: ReadonlySet<string> = new Set<FaxbackAttributeName>(['FB-Account-UUID', 'FB-Rcv-Failover-Account-UUID']);

/**
 * Value names built in (spec §8.1): §2.1, FB-Transfer-Type, FB-Account-Type, FB-Call-Ahead-Mode,
 * FB-CDR-Type, FB-Called-Number-Result. Names where the manual gives none are FreeRADIUS-style
 * spellings of its descriptions.
 */
export const FAXBACK_VALUES: Readonly<Partial<Record<FaxbackAttributeName, Readonly<Record<string, number>>>>> = {
  'FB-Command': {
    'Get-Account': 1,
    'Get-Account-From-DID': 2,
    'Get-Account-From-Sender-Email-Address': 3,
    'Get-Load-Balance-Group-Members': 4,
    'Get-Call-Ahead-Mode': 5,
    'Get-Account-From-Serial-Number': 6,
    'Get-Account-From-MAC-Address': 7,
    'Get-DID': 8,
    'Get-DIDs-For-Account': 9,
  },
  'FB-Context': {
    'Account-Login': 1,
    'Account-Validate': 2,
    'Pre-Send-Session': 3,
    'Pre-Receive-Session': 4,
    'For-External-Module': 5,
  },
  'FB-Transfer-Type': { 'Real-time': 1, Queue: 2 },
  'FB-Account-Type': {
    Private: 0,
    'Shared-Send-Only': 1,
    'Queue-Private': 4,
    'Queue-Shared-Send-Only': 5,
    'Group-Alternating': 8,
    'Group-Most-Free-Sessions': 9,
    'Group-Random': 10,
  },
  'FB-Call-Ahead-Mode': { Never: 0, Dynamic: 1, Always: 2 },
  'FB-CDR-Type': {
    Realtime: 0,
    Status: 1,
    SendFromClient: 2,
    ReceiveToClient: 3,
    Deleted: 4,
    Copied: 5,
    SendStageCompleted: 6,
  },
  'FB-Called-Number-Result': { Success: 0, FaxError: 1, VoiceError: 2 },
};
