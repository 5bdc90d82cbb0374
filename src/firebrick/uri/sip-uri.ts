// Lean SIP/SIPS URI parser for the packet path (RFC 3261 §19.1, §25.1; IPv6 per RFC 5954).
//
// The FireBrick puts the REGISTER's Contact URI into SIP-AOR (spec firebrick-radius.md §1.2) and
// routing rules write `sip:` destinations (§4.2). sip.js's `Grammar.URIParse` costs ~100 µs a call
// (spec libraries.md), so this hand-written scanner is used instead; the tests hold it to sip.js
// on a corpus and under fast-check. It allocates the result, the substrings it returns and, only
// when present, a parameter object and a header array.
//
// Deliberate divergences from sip.js 0.21.2 (each one is where sip.js's PEG grammar is looser or
// stricter than RFC 3261, or plainly buggy); the tests pin every one of them:
//  * `user` never includes the password: sip.js reports `user:password` as `user`.
//  * `;maddr=` does not replace the host: sip.js overwrites the host with the maddr value.
//  * `;ttl=N` stays in `params` (sip.js drops it) and `;lr=x` keeps its value (sip.js: null).
//  * A port must have 1–5 digits and be <= 65535: sip.js accepts `sip:h:` (port NaN) and 99999.
//  * Parameters that merely start with a keyword value (`transport=udpx`, `user=iphone`, `;lrx`,
//    `ttl=1234`, `method=INVITEX`, `maddr=[::1]x`) are accepted as RFC 3261 other-params;
//    sip.js's PEG commits to the keyword prefix and then rejects the whole URI.
//  * A fully-qualified host with a trailing dot (`example.com.`) and the unspecified IPv6 address
//    `[::]` are accepted (both valid RFC syntax; sip.js's grammar misses them).
//  * transport/user/method/lr values are limited to RFC 3261 paramchar; sip.js also lets the token
//    characters "`" and a bare "%" through for those four. Any transport or user value is
//    lower-cased (sip.js lower-cases them only when token-shaped).
//  * A parameter named `__proto__` is kept (params is a null-prototype object); sip.js loses it.
//  * Header names are returned as written; sip.js lower-cases and then "headerizes" them.
//  * Contact form: quoted-pairs in the display name are unescaped (sip.js leaves `\"`), and
//    whitespace may follow the last contact parameter (sip.js allows it only right after `>`).
// Leniencies copied from sip.js (looser than RFC 3261, harmless): hostname labels may contain `_`
// and start or end with `-` (the top label still starts with a letter and has no `_`).
import {
  C_ALPHA,
  C_TOKEN,
  CLASS,
  M_HNV,
  M_PARAM,
  M_PASSWORD,
  M_USER,
  C_HOST,
  isIPv4,
  isIPv6,
  percentDecode,
  percentEncode,
  resetEscape,
  sawEscape,
  scan,
} from './chars.js';

export type SipHostType = 'domain' | 'ipv4' | 'ipv6';

/** Parameters by lower-cased name; `null` for a parameter written without `=value`. */
export type UriParams = Readonly<Record<string, string | null>>;

/** One `name=value` of the `?` header part, both exactly as written (still %-escaped). */
export type UriHeader = readonly [name: string, value: string];

export interface SipUri {
  readonly scheme: 'sip' | 'sips';
  /** Percent-decoded user part, as sip.js's `URI.user` reports it (minus any password). */
  readonly user: string | undefined;
  /** Percent-decoded password (`sip:user:password@host`; deprecated by RFC 3261 §19.1.1). */
  readonly password: string | undefined;
  /** Lower-cased host name, dotted quad, or IPv6 reference including its brackets (`[2001:db8::1]`). */
  readonly host: string;
  readonly hostType: SipHostType;
  readonly port: number | undefined;
  /** Lower-cased value of the `transport` URI parameter. */
  readonly transport: string | undefined;
  /** URI parameters: names lower-cased, values as written except `transport` and `user` (lower-cased). */
  readonly params: UriParams;
  readonly headers: readonly UriHeader[];
  /** Contact form only: the display name (quotes removed, `\x` unescaped, or the tokens as written). */
  readonly displayName: string | undefined;
  /** Contact form only: the header parameters after `>` (`expires`, `q`, `+sip.instance`, ...). */
  readonly contactParams: UriParams | undefined;
}

/** What `formatSipUri` needs; a parsed `SipUri` is one. */
export interface SipUriInit {
  readonly scheme?: 'sip' | 'sips' | undefined;
  /** Decoded user; written %-escaped where RFC 3261 requires. An empty user is omitted. */
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly host: string;
  readonly port?: number | undefined;
  /** Written as the first parameter, replacing any `transport` in `params`. */
  readonly transport?: string | undefined;
  /** Written as given (values are already in escaped form, as `parseSipUri` returns them). */
  readonly params?: UriParams | undefined;
  readonly headers?: readonly UriHeader[] | undefined;
}

export interface NameAddrInit extends SipUriInit {
  readonly displayName?: string | undefined;
  readonly contactParams?: UriParams | undefined;
}

const EMPTY_PARAMS: UriParams = Object.freeze(Object.create(null) as Record<string, string | null>);
const EMPTY_HEADERS: readonly UriHeader[] = Object.freeze([]);

const CH_TAB = 9;
const CH_SP = 32;
const CH_DQUOTE = 34;
const CH_DOT = 46;
const CH_COLON = 58;
const CH_SEMI = 59;
const CH_LT = 60;
const CH_EQ = 61;
const CH_GT = 62;
const CH_QUESTION = 63;
const CH_AT = 64;
const CH_LBRACKET = 91;
const CH_BACKSLASH = 92;
const CH_RBRACKET = 93;
const CH_AMP = 38;
const CH_UNDERSCORE = 95;

/**
 * Parses a `sip:`/`sips:` URI, or a Contact value holding one in angle brackets
 * (`"Bob" <sip:bob@host>;expires=3600`). Without brackets every `;param` is a URI parameter, as in
 * SIP-AOR. Returns undefined for anything that is not valid; never throws.
 */
export function parseSipUri(text: string): SipUri | undefined {
  if (typeof text !== 'string') return undefined;
  // A bare URI starts with the scheme; anything else must be a name-addr.
  if (
    (text.charCodeAt(0) | 0x20) === 0x73 &&
    (text.charCodeAt(1) | 0x20) === 0x69 &&
    (text.charCodeAt(2) | 0x20) === 0x70 &&
    (text.charCodeAt(3) === CH_COLON ||
      ((text.charCodeAt(3) | 0x20) === 0x73 && text.charCodeAt(4) === CH_COLON))
  ) {
    return parseUri(text, 0, text.length, undefined, undefined);
  }
  return parseNameAddr(text);
}

function parseUri(
  s: string,
  start: number,
  end: number,
  displayName: string | undefined,
  contactParams: UriParams | undefined,
): SipUri | undefined {
  // scheme
  if (end - start < 5) return undefined;
  if (
    (s.charCodeAt(start) | 0x20) !== 0x73 ||
    (s.charCodeAt(start + 1) | 0x20) !== 0x69 ||
    (s.charCodeAt(start + 2) | 0x20) !== 0x70
  ) {
    return undefined;
  }
  let i = start + 3;
  let secure = false;
  if ((s.charCodeAt(i) | 0x20) === 0x73) {
    secure = true;
    i++;
  }
  if (s.charCodeAt(i) !== CH_COLON) return undefined;
  i++;

  // userinfo = user [ ":" password ] "@"
  let user: string | undefined;
  let password: string | undefined;
  resetEscape();
  const userEnd = scan(s, i, end, M_USER, true);
  if (userEnd > i && userEnd < end) {
    const c = s.charCodeAt(userEnd);
    if (c === CH_AT) {
      user = s.slice(i, userEnd);
      i = userEnd + 1;
    } else if (c === CH_COLON) {
      const passEnd = scan(s, userEnd + 1, end, M_PASSWORD, true);
      if (passEnd < end && s.charCodeAt(passEnd) === CH_AT) {
        user = s.slice(i, userEnd);
        password = s.slice(userEnd + 1, passEnd);
        i = passEnd + 1;
      }
    }
    if (user !== undefined && sawEscape) {
      user = percentDecode(user);
      if (user === undefined) return undefined;
      if (password !== undefined) {
        password = percentDecode(password);
        if (password === undefined) return undefined;
      }
    }
  }

  // host
  if (i >= end) return undefined;
  let host: string;
  let hostType: SipHostType;
  if (s.charCodeAt(i) === CH_LBRACKET) {
    const close = s.indexOf(']', i + 1);
    if (close < 0 || close >= end || !isIPv6(s, i + 1, close)) return undefined;
    host = s.slice(i, close + 1).toLowerCase();
    hostType = 'ipv6';
    i = close + 1;
  } else {
    const hostEnd = scan(s, i, end, C_HOST, false);
    const kind = classifyHost(s, i, hostEnd);
    if (kind === undefined) return undefined;
    host = s.slice(i, hostEnd).toLowerCase();
    hostType = kind;
    i = hostEnd;
  }

  // port = 1*5DIGIT, at most 65535
  let port: number | undefined;
  if (i < end && s.charCodeAt(i) === CH_COLON) {
    i++;
    const portStart = i;
    let value = 0;
    while (i < end) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
      i++;
    }
    if (i === portStart || i - portStart > 5 || value > 65535) return undefined;
    port = value;
  }

  // uri-parameters
  let params: Record<string, string | null> | undefined;
  let transport: string | undefined;
  while (i < end && s.charCodeAt(i) === CH_SEMI) {
    const nameStart = ++i;
    i = scan(s, i, end, M_PARAM, true);
    if (i === nameStart) return undefined;
    const name = s.slice(nameStart, i).toLowerCase();
    let value: string | null = null;
    if (i < end && s.charCodeAt(i) === CH_EQ) {
      const valueStart = ++i;
      i = scan(s, i, end, M_PARAM, true);
      if (i === valueStart) return undefined;
      value = s.slice(valueStart, i);
      if (name === 'transport' || name === 'user') value = value.toLowerCase();
    }
    if (name === 'transport') transport = value === null ? undefined : value;
    if (params === undefined) params = Object.create(null) as Record<string, string | null>;
    params[name] = value;
  }

  // headers = "?" header *( "&" header )
  let headers: UriHeader[] | undefined;
  if (i < end && s.charCodeAt(i) === CH_QUESTION) {
    headers = [];
    do {
      const nameStart = ++i;
      i = scan(s, i, end, M_HNV, true);
      if (i === nameStart || i >= end || s.charCodeAt(i) !== CH_EQ) return undefined;
      const valueStart = ++i;
      i = scan(s, i, end, M_HNV, true);
      headers.push([s.slice(nameStart, valueStart - 1), s.slice(valueStart, i)]);
    } while (i < end && s.charCodeAt(i) === CH_AMP);
  }
  if (i !== end) return undefined;

  return {
    scheme: secure ? 'sips' : 'sip',
    user,
    password,
    host,
    hostType,
    port,
    transport,
    params: params ?? EMPTY_PARAMS,
    headers: headers ?? EMPTY_HEADERS,
    displayName,
    contactParams,
  };
}

/**
 * [a, b) holds only letters, digits, `-`, `_`, `.`. Dotted quad → 'ipv4'; otherwise a hostname of
 * non-empty labels whose last label starts with a letter and has no `_`, optionally followed by
 * one dot → 'domain'; else undefined.
 */
function classifyHost(s: string, a: number, b: number): SipHostType | undefined {
  if (a >= b) return undefined;
  const first = s.charCodeAt(a);
  if (first >= 48 && first <= 57 && isIPv4(s, a, b)) return 'ipv4';
  let end = b;
  if (s.charCodeAt(end - 1) === CH_DOT) {
    end--;
    if (end === a) return undefined;
  }
  let labelStart = a;
  for (let k = a; k < end; k++) {
    if (s.charCodeAt(k) === CH_DOT) {
      if (k === labelStart) return undefined;
      labelStart = k + 1;
    }
  }
  if (labelStart === end) return undefined;
  const top = s.charCodeAt(labelStart);
  if (top >= 128 || (CLASS[top]! & C_ALPHA) === 0) return undefined;
  for (let k = labelStart + 1; k < end; k++) {
    if (s.charCodeAt(k) === CH_UNDERSCORE) return undefined;
  }
  return 'domain';
}

function skipWs(s: string, i: number, end: number): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c !== CH_SP && c !== CH_TAB) break;
    i++;
  }
  return i;
}

/** Index just past the closing quote of the quoted-string opening at `i`, or -1. */
function scanQuoted(s: string, i: number, end: number): number {
  for (i++; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === CH_DQUOTE) return i + 1;
    if (c === CH_BACKSLASH) {
      i++;
      if (i >= end) return -1;
      const e = s.charCodeAt(i);
      if (e === 10 || e === 13) return -1;
    } else if ((c < 0x20 && c !== CH_TAB) || c === 0x7f) {
      return -1;
    }
  }
  return -1;
}

function unquote(s: string, a: number, b: number): string {
  const inner = s.slice(a + 1, b - 1);
  return inner.indexOf('\\') < 0 ? inner : inner.replace(/\\(.)/gs, '$1');
}

/**
 * name-addr *( SEMI generic-param ): `[display-name] <URI> ;p=v ...` with SP/HTAB allowed around
 * the separators (header folding with CR LF is not).
 */
function parseNameAddr(s: string): SipUri | undefined {
  const end = s.length;
  let i = skipWs(s, 0, end);
  let displayName: string | undefined;
  const c = s.charCodeAt(i);
  if (c === CH_DQUOTE) {
    const close = scanQuoted(s, i, end);
    if (close < 0) return undefined;
    displayName = unquote(s, i, close);
    i = skipWs(s, close, end);
  } else if (c !== CH_LT) {
    // *(token LWS): one or more tokens separated by whitespace
    const nameStart = i;
    let nameEnd = i;
    for (;;) {
      const tokenEnd = scan(s, i, end, C_TOKEN, false);
      if (tokenEnd === i) break;
      nameEnd = tokenEnd;
      i = skipWs(s, tokenEnd, end);
    }
    if (nameEnd === nameStart) return undefined;
    displayName = s.slice(nameStart, nameEnd);
  }
  if (i >= end || s.charCodeAt(i) !== CH_LT) return undefined;
  const uriStart = i + 1;
  const uriEnd = s.indexOf('>', uriStart);
  if (uriEnd < 0) return undefined;

  let contactParams: Record<string, string | null> | undefined;
  i = skipWs(s, uriEnd + 1, end);
  while (i < end) {
    if (s.charCodeAt(i) !== CH_SEMI) return undefined;
    const nameStart = skipWs(s, i + 1, end);
    const nameEnd = scan(s, nameStart, end, C_TOKEN, false);
    if (nameEnd === nameStart) return undefined;
    let value: string | null = null;
    i = skipWs(s, nameEnd, end);
    if (i < end && s.charCodeAt(i) === CH_EQ) {
      const valueStart = skipWs(s, i + 1, end);
      const v = valueStart < end ? s.charCodeAt(valueStart) : -1;
      let valueEnd: number;
      if (v === CH_DQUOTE) {
        valueEnd = scanQuoted(s, valueStart, end);
        if (valueEnd < 0) return undefined;
      } else if (v === CH_LBRACKET) {
        const close = s.indexOf(']', valueStart + 1);
        if (close < 0 || !isIPv6(s, valueStart + 1, close)) return undefined;
        valueEnd = close + 1;
      } else {
        valueEnd = scan(s, valueStart, end, C_TOKEN, false);
        if (valueEnd === valueStart) return undefined;
      }
      value = s.slice(valueStart, valueEnd);
      i = skipWs(s, valueEnd, end);
    }
    if (contactParams === undefined) contactParams = Object.create(null) as Record<string, string | null>;
    contactParams[s.slice(nameStart, nameEnd).toLowerCase()] = value;
  }
  return parseUri(s, uriStart, uriEnd, displayName, contactParams ?? EMPTY_PARAMS);
}

function formatParams(out: string, params: UriParams, skip: string | undefined): string {
  for (const name in params) {
    if (name === skip) continue;
    const value = params[name];
    out += value === null || value === undefined ? ';' + name : ';' + name + '=' + value;
  }
  return out;
}

/** Writes a bare SIP URI (no display name, no contact parameters). */
export function formatSipUri(uri: SipUriInit): string {
  let out = uri.scheme === 'sips' ? 'sips:' : 'sip:';
  if (uri.user !== undefined && uri.user !== '') {
    out += percentEncode(uri.user, M_USER);
    if (uri.password !== undefined) out += ':' + percentEncode(uri.password, M_PASSWORD);
    out += '@';
  }
  out += uri.host;
  if (uri.port !== undefined) out += ':' + uri.port;
  if (uri.transport !== undefined) out += ';transport=' + uri.transport;
  if (uri.params !== undefined) {
    out = formatParams(out, uri.params, uri.transport !== undefined ? 'transport' : undefined);
  }
  const headers = uri.headers;
  if (headers !== undefined && headers.length > 0) {
    for (let k = 0; k < headers.length; k++) {
      const h = headers[k]!;
      out += (k === 0 ? '?' : '&') + h[0] + '=' + h[1];
    }
  }
  return out;
}

/** Writes `"Display" <uri>;param=value` (display name omitted when undefined). */
export function formatNameAddr(uri: NameAddrInit): string {
  let out = '';
  if (uri.displayName !== undefined) {
    out += '"' + uri.displayName.replace(/["\\]/g, '\\$&') + '" ';
  }
  out += '<' + formatSipUri(uri) + '>';
  if (uri.contactParams !== undefined) out = formatParams(out, uri.contactParams, undefined);
  return out;
}
