// What a FaxBack port server asks about (spec §1.4, §2.3, §3.2, §5): accounts, DIDs, sender
// addresses, fax ATAs and the Called Numbers database. The dialect defines the records; store/
// keeps them and the decisions (decide.ts) read them. Every optional field absent means "the port
// server's default" (spec §3.2 "Default" column), so a reply leaves the attribute out.

/** FB-Account-Type values (spec §3.2, [p.32]). */
export const AccountType = {
  Private: 0,
  SharedSendOnly: 1,
  QueuePrivate: 4,
  QueueSharedSendOnly: 5,
  GroupAlternating: 8,
  GroupMostFree: 9,
  GroupRandom: 10,
} as const;
export type AccountTypeValue = (typeof AccountType)[keyof typeof AccountType];

/** Load-balance groups (8, 9, 10) need Get-Load-Balance-Group-Members, which is not supported (spec §8). */
export function isGroupAccountType(type: number): boolean {
  return type === AccountType.GroupAlternating || type === AccountType.GroupMostFree || type === AccountType.GroupRandom;
}

/** The account's call-ahead setting, FB-Call-Ahead-Mode at login (spec §5, [p.32]). */
export type CallAheadSetting = 'never' | 'dynamic' | 'always';
export const CALL_AHEAD_VALUE: Readonly<Record<CallAheadSetting, number>> = { never: 0, dynamic: 1, always: 2 };

/** FB-Rcv-Failover-Mode (spec §3.2, [p.37]). */
export type FailoverMode = 'when-unavailable' | 'always';

/** FB-Upload-Logs (spec §3.2, [p.41]). */
export type UploadLogs = 'never' | 'after-errors' | 'always';

export interface FaxAccount {
  /** As the operator spelled it; compared case-insensitively (spec §1.4), returned as stored. */
  readonly name: string;
  /** Stable for the account's life (spec §6): 32 lower-case hex digits, never regenerated. */
  readonly uuid: string;
  /** Salted scrypt hash of the PAP password (`password.ts`); absent = no login possible. */
  readonly passwordHash?: string;
  /** The clear password, kept only when the operator insists. */
  readonly password?: string;
  readonly type: number;
  /** FB-Snd-From-Account / FB-Rcv-To-Account: "known but disabled" is an Accept with 0 (spec §2.2). */
  readonly send: boolean;
  readonly receive: boolean;
  readonly sendTimeExpired: boolean;
  readonly receiveTimeExpired: boolean;
  readonly callAhead: CallAheadSetting;
  readonly sendOnBehalfOf: boolean;
  /** FB-Save-CDR: false = the port server sends no accounting, and firebridge keeps none. */
  readonly saveCdr: boolean;
  readonly loginGroup?: string;
  readonly ruleGroup?: string;
  readonly customer?: string;
  readonly source?: string;
  readonly cdrInfo?: string;
  readonly queueProfile?: string;
  readonly receiveEmail?: string;
  readonly receiveFormat?: number;
  readonly receiveCsid?: string;
  readonly sendAni?: string;
  readonly sendTsid?: string;
  readonly failoverAccount?: string;
  readonly failoverMode?: FailoverMode;
  readonly uploadLogs?: UploadLogs;
  /** Unix seconds of the last change (FB-Last-Modified-Time, spec §3.2). */
  readonly modifiedAt: number;
}

/**
 * What the port server assumes when a reply leaves a setting out (spec §3.2 "Default" column):
 * private, send and receive on, nothing expired, call-ahead Dynamic, no on-behalf-of, CDRs kept. A new
 * account starts with exactly these.
 */
export const ACCOUNT_DEFAULTS = {
  type: AccountType.Private,
  send: true,
  receive: true,
  sendTimeExpired: false,
  receiveTimeExpired: false,
  callAhead: 'dynamic',
  sendOnBehalfOf: false,
  saveCdr: true,
} as const satisfies Partial<FaxAccount>;

/** A DID, and the per-line settings of a fax-ATA line on it (spec §2.3 rows 6, 7, 12, 13). `*` is the catch-all. */
export interface FaxDid {
  readonly did: string;
  /** The account's name as stored. */
  readonly account: string;
  /** FB-DID-Enabled (spec §2.2: disabled is an Accept with 0). */
  readonly enabled: boolean;
  readonly sendAni?: string;
  /** Overrides the account's profile; the port server needs `Op="1"` in it to apply it (spec §2.3 row 12). */
  readonly queueProfile?: string;
  readonly lineNum?: number;
  readonly lineId?: string;
}

/** A sender e-mail address allowed to send faxes for an account (spec §2.3 row 11). */
export interface FaxSenderEmail {
  /** Lower case: addresses are compared case-insensitively. */
  readonly email: string;
  readonly account: string;
}

/** A fax ATA, found by MAC address or by serial number (spec §2.3 rows 8, 9). */
export interface FaxAta {
  /** Twelve upper-case hex digits, no separators (the manual's `00908F1D37F0`). */
  readonly mac?: string;
  readonly serial?: string;
  readonly account: string;
  readonly provisioningArg?: string;
  readonly queueProfile?: string;
}

/** FB-Called-Number-Result (spec §4.3, [p.48]). */
export type CalledNumberResult = 'success' | 'fax-error' | 'voice-error';
export const CALLED_NUMBER_RESULT: Readonly<Record<number, CalledNumberResult>> = { 0: 'success', 1: 'fax-error', 2: 'voice-error' };

/** What the Called Numbers database knows of one dialled number (spec §5). */
export interface CalledNumber {
  readonly number: string;
  /** A Stop said a fax machine answered (Success or FaxError). */
  readonly faxSeen: boolean;
  /** A Stop ever said a voice answered: kept for good (spec §5 rule 2). */
  readonly voiceSeen: boolean;
  readonly updatedAt: number;
}

/** Name rule of spec §1.4: 1–16 bytes, or 1–64 characters in UUID mode (spec §6). */
export function accountNameProblem(name: string, uuidMode: boolean): string | undefined {
  if (name.length === 0) return 'an account name cannot be empty';
  if (uuidMode) return [...name].length > 64 ? 'an account name is at most 64 characters in UUID mode (spec §6)' : undefined;
  return Buffer.byteLength(name, 'utf8') > 16 ? 'an account name is at most 16 bytes (spec §1.4; 64 characters with UUID mode)' : undefined;
}

/** Names are compared case-insensitively (spec §1.4): the key every store uses. */
export function accountKey(name: string): string {
  return name.toLowerCase();
}

/** `00:90:8f:1d:37:f0`, `00-90-8F-1D-37-F0`, `00908f1d37f0` → `00908F1D37F0`; undefined when not a MAC. */
export function normalizeMac(text: string): string | undefined {
  const hex = text.replace(/[:.-]/g, '').toUpperCase();
  return /^[0-9A-F]{12}$/.test(hex) ? hex : undefined;
}

/**
 * Who failed logins are counted against (the lockout guard, issue 3): the account, by its
 * case-insensitive key, in a namespace of its own so it can never meet a SIP subscriber's
 * `realm:username`. `firebridge fax account unlock` clears it.
 */
export function loginGuardId(name: string): string {
  return `faxback:${accountKey(name)}`;
}
