// Asterisk dialplan patterns ("_2XX", "_0[1-9]X.", "_9!") compiled once into an anchored RegExp,
// so matching a call is a single regex test with no per-call parsing.
//
// Syntax after the leading "_" (as in Asterisk's extensions.conf):
//   X / x   one digit 0-9          Z / z   one digit 1-9          N / n   one digit 2-9
//   [...]   one character from the class: lists "[147]", ranges "[1-5]", mixed "[*#0-3]";
//           a "-" first or last in the class is a literal "-"
//   .       one or more characters of any kind
//   !       zero or more characters of any kind
//   " " "-" ignored outside a class (Asterisk allows "_1-NXX-XXXX" for readability)
//   other   literal: digits, "*", "#", "+", letters...
//
// Captures: index 0 is the whole value; when the pattern has at least one wildcard (anything but a
// literal), index 1 is the value from the position the FIRST wildcard matched through to the end,
// later literals included. So "_9." on "901632" gives ["901632", "01632"] (strip the 9), "_2XX" on
// "201" gives ["201", "01"], "_NXXNXXXXXX" gives the whole number twice, and "_9!" on "9" gives
// ["9", ""]. A pattern of literals only ("_201") gives just [value]: there is no ${1}. Individual
// wildcard runs are never captured on their own.

/** Longest pattern or regex source accepted; longer is surely a mistake and costs compile time. */
export const MAX_SOURCE_LENGTH = 500;

/**
 * Each "." or "!" can make a failing match retry every split point, so k of them cost about n^k steps
 * on an n-character value; a caller controls the value (RADIUS allows 253 bytes), so keep k small.
 */
export const MAX_VARIABLE_WILDCARDS = 2;

export type PatternResult = { readonly ok: true; readonly regex: RegExp } | { readonly ok: false; readonly error: string };

const DIGIT_CLASSES: Readonly<Record<string, string>> = { X: '[0-9]', Z: '[1-9]', N: '[2-9]' };

const escapeLiteral = (c: string): string => c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
// Inside a character class only these are special.
const escapeInClass = (c: string): string => c.replace(/[\\\]\[^-]/g, '\\$&');

/** Compiles one pattern ("_" included). Error messages count characters from 1, the "_" being 1. */
export function compileAsteriskPattern(pattern: string): PatternResult {
  const fail = (why: string): PatternResult => ({ ok: false, error: `invalid pattern "${pattern}": ${why}` });
  if (typeof pattern !== 'string' || !pattern.startsWith('_')) {
    return { ok: false, error: `an Asterisk pattern starts with "_" (got ${JSON.stringify(pattern)})` };
  }
  if (pattern.length > MAX_SOURCE_LENGTH) return fail(`longer than ${MAX_SOURCE_LENGTH} characters`);

  // One regex piece per matched character (or run), so the capture group can open at the first wildcard.
  const pieces: string[] = [];
  let firstWildcard = -1;
  let variable = 0;
  const wildcard = (piece: string): void => {
    if (firstWildcard < 0) firstWildcard = pieces.length;
    pieces.push(piece);
  };

  for (let i = 1; i < pattern.length; i++) {
    const c = pattern[i]!;
    const at = i + 1;
    const digits = DIGIT_CLASSES[c.toUpperCase()];
    if (digits !== undefined) wildcard(digits);
    else if (c === '.' || c === '!') {
      if (++variable > MAX_VARIABLE_WILDCARDS) {
        return fail(`at most ${MAX_VARIABLE_WILDCARDS} of "." and "!" (another at character ${at}); use a regex for anything fancier`);
      }
      wildcard(c === '.' ? '[\\s\\S]+' : '[\\s\\S]*');
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) return fail(`"[" at character ${at} is never closed`);
      const cls = compileClass(pattern.slice(i + 1, close), at);
      if (!cls.ok) return fail(cls.error);
      wildcard(cls.regex);
      i = close;
    } else if (c === ']') return fail(`"]" at character ${at} has no matching "["`);
    else if (c === ' ' || c === '-') continue;
    else pieces.push(escapeLiteral(c));
  }
  if (pieces.length === 0) return fail('nothing to match after "_"');

  const body = firstWildcard < 0 ? pieces.join('') : `${pieces.slice(0, firstWildcard).join('')}(${pieces.slice(firstWildcard).join('')})`;
  return { ok: true, regex: new RegExp(`^${body}$`) };
}

/** The inside of "[...]"; `at` is the 1-based position of the "[" for messages. */
function compileClass(inside: string, at: number): { ok: true; regex: string } | { ok: false; error: string } {
  if (inside.length === 0) return { ok: false, error: `"[]" at character ${at} is empty` };
  let out = '';
  for (let j = 0; j < inside.length; j++) {
    const from = inside[j]!;
    const to = inside[j + 2];
    // "a-b" is a range; a "-" with nothing on one side is just a "-".
    if (inside[j + 1] === '-' && to !== undefined) {
      if (from > to) return { ok: false, error: `range "${from}-${to}" at character ${at + j + 1} runs backwards` };
      out += `${escapeInClass(from)}-${escapeInClass(to)}`;
      j += 2;
    } else out += escapeInClass(from);
  }
  return { ok: true, regex: `[${out}]` };
}
