// Character classes shared by the SIP and tel URI parsers: one 128-entry table of bit flags, so a
// scan loop costs one load and one AND per character. Anything >= 0x80 is in no class.

export const C_ALNUM = 1 << 0;
/** RFC 3261 mark: - _ . ! ~ * ' ( ) */
export const C_MARK = 1 << 1;
/** RFC 3261 user-unreserved: & = + $ , ; ? / */
export const C_USER_UNRES = 1 << 2;
/** the extra password characters: & = + $ , */
export const C_PASS_EXTRA = 1 << 3;
/** RFC 3261 param-unreserved: [ ] / : & + $ (same set in RFC 3966) */
export const C_PARAM_UNRES = 1 << 4;
/** RFC 3261 hnv-unreserved: [ ] / ? : + $ */
export const C_HNV_UNRES = 1 << 5;
/** what sip.js lets into a hostname: letters, digits, - _ . */
export const C_HOST = 1 << 6;
/** RFC 3261 token: alphanum - . ! % * _ + ` ' ~ */
export const C_TOKEN = 1 << 7;
export const C_HEX = 1 << 8;
export const C_DIGIT = 1 << 9;
export const C_ALPHA = 1 << 10;
/** RFC 3966 visual-separator: - . ( ) */
export const C_VISUAL = 1 << 11;
/** RFC 2396 reserved minus `;` (which ends a tel: parameter): / ? : @ & = + $ , */
export const C_URIC_EXTRA = 1 << 12;

export const M_UNRESERVED = C_ALNUM | C_MARK;
export const M_USER = M_UNRESERVED | C_USER_UNRES;
export const M_PASSWORD = M_UNRESERVED | C_PASS_EXTRA;
export const M_PARAM = M_UNRESERVED | C_PARAM_UNRES;
export const M_HNV = M_UNRESERVED | C_HNV_UNRES;

function build(): Uint16Array {
  const t = new Uint16Array(128);
  const add = (chars: string, flag: number): void => {
    for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)]! |= flag;
  };
  const digits = '0123456789';
  const lower = 'abcdefghijklmnopqrstuvwxyz';
  const upper = lower.toUpperCase();
  add(digits + lower + upper, C_ALNUM | C_HOST | C_TOKEN);
  add(digits, C_DIGIT | C_HEX);
  add(lower + upper, C_ALPHA);
  add('abcdefABCDEF', C_HEX);
  add("-_.!~*'()", C_MARK);
  add('&=+$,;?/', C_USER_UNRES);
  add('&=+$,', C_PASS_EXTRA);
  add('[]/:&+$', C_PARAM_UNRES);
  add('[]/?:+$', C_HNV_UNRES);
  add('-_.', C_HOST);
  add("-.!%*_+`'~", C_TOKEN);
  add('-.()', C_VISUAL);
  add('/?:@&=+$,', C_URIC_EXTRA);
  return t;
}

export const CLASS: Uint16Array = build();

export function isHexCode(c: number): boolean {
  return c < 128 && (CLASS[c]! & C_HEX) !== 0;
}

/** Set by `scan` when it stepped over at least one %XX escape; read right after the call. */
export let sawEscape = false;

/**
 * Index of the first character in [i, end) that is neither in `mask` nor, when `escapes`, part of a
 * well-formed %XX escape. A `%` without two hex digits after it stops the scan.
 */
export function scan(s: string, i: number, end: number, mask: number, escapes: boolean): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c < 128 && (CLASS[c]! & mask) !== 0) {
      i++;
    } else if (
      c === 37 &&
      escapes &&
      i + 3 <= end &&
      isHexCode(s.charCodeAt(i + 1)) &&
      isHexCode(s.charCodeAt(i + 2))
    ) {
      sawEscape = true;
      i += 3;
    } else {
      break;
    }
  }
  return i;
}

export function resetEscape(): void {
  sawEscape = false;
}

/** True when [a, b) is exactly an RFC 3986 dotted quad (dec-octet: no leading zeros, <= 255). */
export function isIPv4(s: string, a: number, b: number): boolean {
  let k = a;
  for (let octet = 0; octet < 4; octet++) {
    if (octet > 0) {
      if (k >= b || s.charCodeAt(k) !== 46) return false;
      k++;
    }
    const start = k;
    let value = 0;
    while (k < b && k - start < 3) {
      const c = s.charCodeAt(k);
      if (c < 48 || c > 57) break;
      value = value * 10 + (c - 48);
      k++;
    }
    const n = k - start;
    if (n === 0 || value > 255 || (n > 1 && s.charCodeAt(start) === 48)) return false;
  }
  return k === b;
}

/**
 * True when [a, b) is an RFC 3986 IPv6address (the grammar RFC 5954 puts into RFC 3261): eight
 * 1–4-digit hex groups, or fewer with exactly one `::` standing for at least one group, with an
 * optional dotted-quad tail counting as two groups.
 */
export function isIPv6(s: string, a: number, b: number): boolean {
  let k = a;
  if (k >= b) return false;
  let groups = 0;
  let compressed = false;
  if (s.charCodeAt(k) === 58) {
    if (k + 1 >= b || s.charCodeAt(k + 1) !== 58) return false;
    compressed = true;
    k += 2;
    if (k === b) return true;
  }
  for (;;) {
    const start = k;
    while (k < b && isHexCode(s.charCodeAt(k))) k++;
    if (k < b && s.charCodeAt(k) === 46) {
      if (!isIPv4(s, start, b)) return false;
      groups += 2;
      break;
    }
    const n = k - start;
    if (n === 0 || n > 4) return false;
    groups++;
    if (k === b) break;
    if (s.charCodeAt(k) !== 58) return false;
    k++;
    if (k < b && s.charCodeAt(k) === 58) {
      if (compressed) return false;
      compressed = true;
      k++;
      if (k === b) break;
    } else if (k === b) {
      return false;
    }
  }
  return compressed ? groups <= 7 : groups === 8;
}

/** Percent-decodes as UTF-8 (like decodeURIComponent); undefined when the bytes are not UTF-8. */
export function percentDecode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

const HEX_UPPER = '0123456789ABCDEF';

function pushByte(out: string, byte: number): string {
  return out + '%' + HEX_UPPER[byte >> 4]! + HEX_UPPER[byte & 15]!;
}

/**
 * Percent-encodes (UTF-8, upper-case hex) every character of `value` outside `mask`. A lone
 * surrogate, which has no UTF-8 form, is written as U+FFFD rather than throwing.
 */
export function percentEncode(value: string, mask: number): string {
  let i = 0;
  const n = value.length;
  while (i < n) {
    const c = value.charCodeAt(i);
    if (!(c < 128 && (CLASS[c]! & mask) !== 0)) break;
    i++;
  }
  if (i === n) return value;
  let out = value.slice(0, i);
  for (; i < n; i++) {
    let c = value.charCodeAt(i);
    if (c < 128) {
      out = (CLASS[c]! & mask) !== 0 ? out + value[i]! : pushByte(out, c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < n ? value.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x800) {
      out = pushByte(pushByte(out, 0xc0 | (c >> 6)), 0x80 | (c & 63));
    } else if (c < 0x10000) {
      out = pushByte(pushByte(pushByte(out, 0xe0 | (c >> 12)), 0x80 | ((c >> 6) & 63)), 0x80 | (c & 63));
    } else {
      out = pushByte(
        pushByte(pushByte(pushByte(out, 0xf0 | (c >> 18)), 0x80 | ((c >> 12) & 63)), 0x80 | ((c >> 6) & 63)),
        0x80 | (c & 63),
      );
    }
  }
  return out;
}
