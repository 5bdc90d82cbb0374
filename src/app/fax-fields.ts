// The values an operator gives fax records — as an option (`--send off`), a CSV cell (`send`) or an
// API field — read by one parser each, so `fax account add`, `set`, `import` and /api/fax accept and
// refuse exactly the same text with the same reason. Limits are the FaxBack manual's (spec §3.2) where
// it gives one.
import { accountNameProblem, AccountType, isGroupAccountType, normalizeMac, type CallAheadSetting, type FailoverMode, type UploadLogs } from '../faxback/records.js';
import { MAX_SUB_ATTRIBUTE_VALUE } from '../faxback/index.js';
import { hasControlCharacter } from './csv-records.js';
import { NOT_ON_OFF, parseOnOff } from './on-off.js';

/** A value read, or why not: the reason completes `"<value>" …` (`is not a whole number ≥ 0`). */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly why: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const no = (why: string): Parsed<never> => ({ ok: false, why });

/** The most a FaxBack value can hold: what one sub-attribute of one Vendor-Specific attribute carries (spec §1.2). */
export const MAX_VSA_VALUE = MAX_SUB_ATTRIBUTE_VALUE;

/** Text the port server is sent back: no control characters, at most `maxBytes` UTF-8 bytes (`limit` says whose). */
export function text(maxBytes: number, limit: string): (t: string) => Parsed<string> {
  return (t) => {
    if (hasControlCharacter(t)) return no('contains a control character');
    if (Buffer.byteLength(t, 'utf8') > maxBytes) return no(`is longer than ${maxBytes} bytes (${limit})`);
    return ok(t);
  };
}

/** The User-Password limit (spec §3.2: 0–64). */
export const passwordText = text(64, 'User-Password, spec §3.2');

export function onOff(t: string): Parsed<boolean> {
  const value = parseOnOff(t);
  return value === undefined ? no(NOT_ON_OFF) : ok(value);
}

/** A RADIUS integer (RFC 2865 §5: 32 bits, unsigned). */
export function wholeNumber(t: string): Parsed<number> {
  if (!/^\d+$/.test(t) || Number(t) > 0xffff_ffff) return no('is not a whole number from 0 to 4294967295');
  return ok(Number(t));
}

export function oneOf<T extends string>(values: readonly T[]): (t: string) => Parsed<T> {
  return (t) => {
    const lower = t.toLowerCase();
    return (values as readonly string[]).includes(lower) ? ok(lower as T) : no(`is not one of ${values.join(', ')}`);
  };
}

export const CALL_AHEAD_SETTINGS: readonly CallAheadSetting[] = ['never', 'dynamic', 'always'];
export const FAILOVER_MODES: readonly FailoverMode[] = ['when-unavailable', 'always'];
export const UPLOAD_LOGS: readonly UploadLogs[] = ['never', 'after-errors', 'always'];

/** FB-Account-Type by the name `--type` takes: `SharedSendOnly` → `shared-send-only`. */
export const ACCOUNT_TYPE_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(AccountType).map(([name, value]) => [value, name.replace(/(?<=[a-z])(?=[A-Z])/g, '-').toLowerCase()]),
);

/** The types an account may have: not the load-balance groups (spec §8: their members cannot be answered). */
const HOSTED_TYPES = [...ACCOUNT_TYPE_NAMES].filter(([value]) => !isGroupAccountType(value));

export function accountTypeName(type: number): string {
  return ACCOUNT_TYPE_NAMES.get(type) ?? String(type);
}

/** A number or a name of FB-Account-Type (spec §3.2), not a load-balance group. */
export function accountType(t: string): Parsed<number> {
  const lower = t.toLowerCase();
  const found = /^\d+$/.test(t) ? [...ACCOUNT_TYPE_NAMES].find(([value]) => value === Number(t)) : [...ACCOUNT_TYPE_NAMES].find(([, name]) => name === lower);
  if (found && isGroupAccountType(found[0])) {
    return no('is a load-balance group, which firebridge does not host: Get-Load-Balance-Group-Members is undocumented (spec §8)');
  }
  if (!found) return no(`is not an account type (${HOSTED_TYPES.map(([value, name]) => `${value} ${name}`).join(', ')})`);
  return ok(found[0]);
}

/**
 * An account name (spec §1.4): 1–16 bytes, or up to 64 characters when some FaxBack client runs in
 * UUID mode (spec §6) — a longer name is refused with the reason otherwise.
 */
export function accountName(uuidMode: boolean): (t: string) => Parsed<string> {
  return (t) => {
    if (hasControlCharacter(t)) return no('contains a control character');
    const problem = accountNameProblem(t, uuidMode);
    if (problem === undefined) return ok(t);
    const onlyInUuidMode = !uuidMode && accountNameProblem(t, true) === undefined;
    return no(`is not an account name: ${problem}${onlyInUuidMode ? '; no faxback client in the configuration has uuidMode: true' : ''}`);
  };
}

/** FB-Account-UUID as an operator may copy it (spec §6): 32 hex digits, dashes and `0x` allowed → lower-case hex. */
export function uuid(t: string): Parsed<string> {
  const hex = t.replace(/^0x/i, '').replace(/-/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(hex) ? ok(hex) : no('is not a UUID (32 hex digits, dashes allowed)');
}

/** A DID (FB-DID, spec §3.2: up to 64 bytes), or `*`, the catch-all (spec §2.4). */
export function did(t: string): Parsed<string> {
  if (/\s/.test(t)) return no('is not a DID: it contains white space');
  return text(64, 'FB-DID, spec §3.2')(t);
}

/** A sender address (FB-Snd-Email, spec §3.2: up to 128 bytes), kept in lower case (compared case-insensitively). */
export function email(t: string): Parsed<string> {
  if (!/^[^\s@]+@[^\s@]+$/.test(t)) return no('is not an e-mail address (local@domain)');
  const checked = text(128, 'FB-Snd-Email, spec §3.2')(t);
  return checked.ok ? ok(t.toLowerCase()) : checked;
}

export function mac(t: string): Parsed<string> {
  const normal = normalizeMac(t);
  return normal === undefined ? no('is not a MAC address (12 hex digits, optionally with ":" or "-" between pairs)') : ok(normal);
}

export function serial(t: string): Parsed<string> {
  if (/\s/.test(t)) return no('is not a serial number: it contains white space');
  return text(64, 'User-Name, spec §3.2')(t);
}

/**
 * One setting of a record, readable from an option and from a CSV cell. An empty value means the
 * port server's default (spec §3.2 "Default"): the setting is removed, or set back to firebridge's
 * default, which is the port server's.
 */
export interface Field<S> {
  readonly key: keyof S & string;
  /** The CSV column. */
  readonly column: string;
  /** The option's flags (`--send <on|off>`); absent when the commands set it another way. */
  readonly flags?: string;
  readonly help: string;
  readonly parse: (t: string) => Parsed<unknown>;
}

/** A Field whose parser yields the type of its key. */
export function field<S, K extends keyof S & string>(
  key: K,
  column: string,
  flags: string | undefined,
  help: string,
  parse: (t: string) => Parsed<NonNullable<S[K]>>,
): Field<S> {
  return { key, column, ...(flags ? { flags } : {}), help, parse };
}

export interface FieldProblem<S> {
  readonly field: Field<S>;
  readonly value: string;
  readonly why: string;
}

/**
 * `base` with each given value applied: empty → `defaults[key]` (absent when it has none); otherwise
 * the parsed value. Every value is read, so one pass reports every problem.
 */
export function applyFields<S extends object>(
  fields: readonly Field<S>[],
  base: S,
  defaults: Partial<S>,
  given: (f: Field<S>) => string | undefined,
): { readonly value: S; readonly problems: ReadonlyArray<FieldProblem<S>> } {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  const problems: Array<FieldProblem<S>> = [];
  for (const f of fields) {
    const t = given(f);
    if (t === undefined) continue;
    if (t === '') {
      const d = defaults[f.key];
      if (d === undefined) delete out[f.key];
      else out[f.key] = d;
      continue;
    }
    const parsed = f.parse(t);
    if (parsed.ok) out[f.key] = parsed.value;
    else problems.push({ field: f, value: t, why: parsed.why });
  }
  return { value: out as S, problems };
}
