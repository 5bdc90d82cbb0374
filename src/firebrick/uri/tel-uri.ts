// tel: URI parser (RFC 3966). sip.js has no tel: support, so this one has no reference parser;
// the tests are table-driven from the RFC's grammar and examples.
//
// The FireBrick's own routing form `tel:<number>` (spec firebrick-radius.md §4.2, e.g.
// `tel:441632960123`) is a local number without the `phone-context` RFC 3966 demands, so by
// default a local number without context is accepted (context undefined); `{ strict: true }`
// applies RFC 3966 to the letter.
import {
  C_ALNUM,
  C_ALPHA,
  C_DIGIT,
  C_HEX,
  C_URIC_EXTRA,
  C_VISUAL,
  CLASS,
  M_PARAM,
  M_UNRESERVED,
  scan,
} from './chars.js';
import type { UriParams } from './sip-uri.js';

export interface TelUri {
  /** True for a global number (`+` and at least one digit). */
  readonly global: boolean;
  /**
   * The number with visual separators `- . ( )` removed: `+` and digits for a global number;
   * digits, hex digits (as written), `*` and `#` for a local one (`%23` is read as `#`).
   */
  readonly number: string;
  /**
   * `phone-context`: a global-number prefix with separators removed (`+44`) or a lower-cased domain
   * name. Undefined for global numbers and for context-less local numbers (non-strict mode).
   */
  readonly context: string | undefined;
  /** `ext` with separators removed. */
  readonly extension: string | undefined;
  /** `isub`, as written. */
  readonly isdnSubaddress: string | undefined;
  /** Every other parameter: lower-cased names, values as written, null when there is no `=value`. */
  readonly params: UriParams;
}

export interface TelParseOptions {
  /** Require `phone-context` on local numbers, as RFC 3966 §5.1.5 does. Default false. */
  readonly strict?: boolean;
}

export interface TelUriInit {
  readonly number: string;
  readonly context?: string | undefined;
  readonly extension?: string | undefined;
  readonly isdnSubaddress?: string | undefined;
  readonly params?: UriParams | undefined;
}

const EMPTY_PARAMS: UriParams = Object.freeze(Object.create(null) as Record<string, string | null>);

const CH_HASH = 35;
const CH_PERCENT = 37;
const CH_STAR = 42;
const CH_PLUS = 43;
const CH_DASH = 45;
const CH_DOT = 46;
const CH_SEMI = 59;
const CH_EQ = 61;

function code(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < 128 ? CLASS[c]! : 0;
}

/** `%23` at i (the escaped form of `#`, which RFC 3986 reserves for fragments). */
function isEscapedHash(s: string, i: number, end: number): boolean {
  return (
    i + 3 <= end &&
    s.charCodeAt(i) === CH_PERCENT &&
    s.charCodeAt(i + 1) === 50 &&
    s.charCodeAt(i + 2) === 51
  );
}

// Result of scanNumber, kept in module state to avoid allocating a tuple.
let numberEnd = 0;

/**
 * Scans phone digits from i: `hex` allows local-number characters (hex digits, `*`, `#`, `%23`).
 * Returns the number with separators removed, or undefined when it has no digit; sets numberEnd.
 */
function scanNumber(s: string, i: number, end: number, hex: boolean): string | undefined {
  const start = i;
  let significant = 0;
  let rewrite = false;
  while (i < end) {
    const c = s.charCodeAt(i);
    const cls = c < 128 ? CLASS[c]! : 0;
    if ((cls & C_DIGIT) !== 0 || (hex && ((cls & C_HEX) !== 0 || c === CH_STAR || c === CH_HASH))) {
      significant++;
      i++;
    } else if ((cls & C_VISUAL) !== 0) {
      rewrite = true;
      i++;
    } else if (hex && isEscapedHash(s, i, end)) {
      significant++;
      rewrite = true;
      i += 3;
    } else {
      break;
    }
  }
  numberEnd = i;
  if (significant === 0) return undefined;
  if (!rewrite) return s.slice(start, i);
  let out = '';
  for (let k = start; k < i; k++) {
    const c = s.charCodeAt(k);
    if (c === CH_PERCENT) {
      out += '#';
      k += 2;
    } else if ((code(s, k) & C_VISUAL) === 0) {
      out += s[k]!;
    }
  }
  return out;
}

/** RFC 3966 domainname: labels of alphanumerics with inner hyphens, top label starting with a letter. */
function isDomainName(s: string, a: number, b: number): boolean {
  if (b > a && s.charCodeAt(b - 1) === CH_DOT) b--;
  if (a >= b) return false;
  let labelStart = a;
  for (let k = a; k <= b; k++) {
    if (k < b && s.charCodeAt(k) !== CH_DOT) continue;
    if (k === labelStart) return false;
    if ((code(s, labelStart) & C_ALNUM) === 0 || (code(s, k - 1) & C_ALNUM) === 0) return false;
    if (k === b && (code(s, labelStart) & C_ALPHA) === 0) return false;
    labelStart = k + 1;
  }
  return true;
}

/** Parses `tel:` URIs (RFC 3966 §3); undefined when invalid, never throws. */
export function parseTelUri(text: string, options?: TelParseOptions): TelUri | undefined {
  if (typeof text !== 'string') return undefined;
  const end = text.length;
  if (
    end < 5 ||
    (text.charCodeAt(0) | 0x20) !== 0x74 ||
    (text.charCodeAt(1) | 0x20) !== 0x65 ||
    (text.charCodeAt(2) | 0x20) !== 0x6c ||
    text.charCodeAt(3) !== 58
  ) {
    return undefined;
  }
  const global = text.charCodeAt(4) === CH_PLUS;
  const digits = scanNumber(text, global ? 5 : 4, end, !global);
  if (digits === undefined) return undefined;
  const number = global ? '+' + digits : digits;
  let i = numberEnd;

  let context: string | undefined;
  let extension: string | undefined;
  let isdnSubaddress: string | undefined;
  let params: Record<string, string | null> | undefined;
  while (i < end) {
    if (text.charCodeAt(i) !== CH_SEMI) return undefined;
    const nameStart = ++i;
    while (i < end && ((code(text, i) & C_ALNUM) !== 0 || text.charCodeAt(i) === CH_DASH)) i++;
    if (i === nameStart) return undefined;
    const name = text.slice(nameStart, i).toLowerCase();
    const hasValue = i < end && text.charCodeAt(i) === CH_EQ;
    if (hasValue) i++;
    const valueStart = i;
    if (name === 'phone-context') {
      if (!hasValue || global || context !== undefined) return undefined;
      if (text.charCodeAt(i) === CH_PLUS) {
        const prefix = scanNumber(text, i + 1, end, false);
        if (prefix === undefined) return undefined;
        context = '+' + prefix;
        i = numberEnd;
      } else {
        for (; i < end; i++) {
          const c = text.charCodeAt(i);
          if ((code(text, i) & C_ALNUM) === 0 && c !== CH_DASH && c !== CH_DOT) break;
        }
        if (!isDomainName(text, valueStart, i)) return undefined;
        context = text.slice(valueStart, i).toLowerCase();
      }
    } else if (name === 'ext') {
      if (!hasValue || extension !== undefined) return undefined;
      extension = scanNumber(text, i, end, false);
      if (extension === undefined) return undefined;
      i = numberEnd;
    } else if (name === 'isub') {
      if (!hasValue || isdnSubaddress !== undefined) return undefined;
      i = scan(text, i, end, M_UNRESERVED | C_URIC_EXTRA, true);
      if (i === valueStart) return undefined;
      isdnSubaddress = text.slice(valueStart, i);
    } else {
      let value: string | null = null;
      if (hasValue) {
        i = scan(text, i, end, M_PARAM, true);
        if (i === valueStart) return undefined;
        value = text.slice(valueStart, i);
      }
      if (params === undefined) params = Object.create(null) as Record<string, string | null>;
      else if (name in params) return undefined;
      params[name] = value;
    }
  }
  if (!global && context === undefined && options?.strict === true) return undefined;
  return { global, number, context, extension, isdnSubaddress, params: params ?? EMPTY_PARAMS };
}

/**
 * Writes a tel: URI in RFC 3966 §5.4 order: `ext`, `isub`, `phone-context`, then the other
 * parameters as given. A `#` in the number is written `%23`.
 */
export function formatTelUri(tel: TelUriInit): string {
  let out = 'tel:' + (tel.number.indexOf('#') < 0 ? tel.number : tel.number.replace(/#/g, '%23'));
  if (tel.extension !== undefined) out += ';ext=' + tel.extension;
  if (tel.isdnSubaddress !== undefined) out += ';isub=' + tel.isdnSubaddress;
  if (tel.context !== undefined) out += ';phone-context=' + tel.context;
  const params = tel.params;
  if (params !== undefined) {
    for (const name in params) {
      const value = params[name];
      out += value === null || value === undefined ? ';' + name : ';' + name + '=' + value;
    }
  }
  return out;
}
