// Number matchers for `called` / `calling`: every form in the rule files is compiled once into a
// plain function, so evaluating a call never parses a pattern or builds a RegExp.
import { compileAsteriskPattern, MAX_SOURCE_LENGTH } from './asterisk-pattern.js';

/** One matcher form. A plain string is an exact number unless it starts with "_" (Asterisk pattern). */
export type NumberMatcherItem =
  | string
  | { readonly exact: string | readonly string[] }
  | { readonly prefix: string | readonly string[] }
  | { readonly in: readonly string[] }
  | { readonly regex: string }
  | { readonly pattern: string | readonly string[] };

/** A form, or a list of forms meaning "any of" (the first that matches supplies the captures). */
export type NumberMatcherSpec = NumberMatcherItem | readonly NumberMatcherItem[];

/**
 * Captures when the value matches (index 0 the whole value, 1.. the groups), else undefined.
 * - exact / in: [value]
 * - prefix: [value, rest after the prefix]; with several prefixes the longest matching one counts
 * - regex: the RegExp groups; a group that took no part in the match is ""
 * - Asterisk pattern: [value, value from the first wildcard on] (see asterisk-pattern.ts), or just
 *   [value] for a pattern without wildcards
 * An absent value (undefined) never matches, not even "_!".
 */
export type NumberMatcher = (value: string | undefined) => readonly string[] | undefined;

export type NumberMatcherResult = { readonly ok: true; readonly matcher: NumberMatcher } | { readonly ok: false; readonly error: string };

type Compiled = { ok: true; matcher: NumberMatcher } | { ok: false; error: string };

const KEYS = ['exact', 'prefix', 'in', 'regex', 'pattern'] as const;

export function compileNumberMatcher(spec: NumberMatcherSpec): NumberMatcherResult {
  if (!Array.isArray(spec)) return compileItem(spec as NumberMatcherItem);
  const list = spec as readonly unknown[];
  if (list.length === 0) return { ok: false, error: 'an empty list of number matchers matches nothing' };
  const matchers: NumberMatcher[] = [];
  for (const [i, item] of list.entries()) {
    if (Array.isArray(item)) return { ok: false, error: `item ${i + 1}: lists inside lists are not supported` };
    const c = compileItem(item as NumberMatcherItem);
    if (!c.ok) return { ok: false, error: list.length > 1 ? `item ${i + 1}: ${c.error}` : c.error };
    matchers.push(c.matcher);
  }
  if (matchers.length === 1) return { ok: true, matcher: matchers[0]! };
  return {
    ok: true,
    matcher: (value) => {
      for (const m of matchers) {
        const captures = m(value);
        if (captures) return captures;
      }
      return undefined;
    },
  };
}

function compileItem(item: NumberMatcherItem): Compiled {
  if (typeof item === 'string') return item.startsWith('_') ? pattern(item) : exact([item]);
  if (item === null || typeof item !== 'object') return { ok: false, error: `a number matcher is a string or an object, not ${JSON.stringify(item)}` };
  const keys = Object.keys(item);
  const key = KEYS.find((k) => k === keys[0]);
  if (keys.length !== 1 || key === undefined) {
    return { ok: false, error: `a number matcher object has exactly one of ${KEYS.join(', ')} (got ${keys.join(', ') || 'none'})` };
  }
  const value: unknown = (item as Record<string, unknown>)[key];
  if (key === 'regex') return typeof value === 'string' ? regex(value) : { ok: false, error: 'regex must be a string' };
  // `in` is the exact list under another name, and takes only a list.
  const strings = key === 'in' ? (Array.isArray(value) ? value : undefined) : typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (strings === undefined || strings.length === 0 || !strings.every((s): s is string => typeof s === 'string')) {
    return { ok: false, error: `${key} must be ${key === 'in' ? 'a non-empty list of strings' : 'a string or a non-empty list of strings'}` };
  }
  if (key === 'pattern') return patterns(strings);
  return key === 'prefix' ? prefix(strings) : exact(strings);
}

function exact(values: readonly string[]): Compiled {
  if (values.some((v) => v.length === 0)) return { ok: false, error: 'an exact number cannot be empty' };
  if (values.length === 1) {
    const only = values[0]!;
    return { ok: true, matcher: (v) => (v === only ? [v] : undefined) };
  }
  const set = new Set(values);
  return { ok: true, matcher: (v) => (v !== undefined && set.has(v) ? [v] : undefined) };
}

function prefix(values: readonly string[]): Compiled {
  if (values.some((v) => v.length === 0)) return { ok: false, error: 'an empty prefix would match every number; leave the condition out instead' };
  // Longest first, so ${1} is the rest after the most specific prefix ("00" before "0").
  const sorted = [...new Set(values)].sort((a, b) => b.length - a.length);
  return {
    ok: true,
    matcher: (v) => {
      if (v === undefined) return undefined;
      for (const p of sorted) if (v.startsWith(p)) return [v, v.slice(p.length)];
      return undefined;
    },
  };
}

function regex(source: string): Compiled {
  if (source.length === 0) return { ok: false, error: 'regex is empty' };
  if (source.length > MAX_SOURCE_LENGTH) return { ok: false, error: `regex is ${source.length} characters long; the limit is ${MAX_SOURCE_LENGTH}` };
  // Validate the source on its own first: "a)|(b" is invalid alone but would compile once wrapped
  // in ^(?:...)$, silently escaping the anchors.
  try {
    new RegExp(source);
  } catch (e) {
    const reason = e instanceof Error ? e.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(e);
    return { ok: false, error: `invalid regex "${source}": ${reason}` };
  }
  // The wrapper adds no capturing group, so the operator's group numbers stay as written.
  const re = new RegExp(`^(?:${source})$`);
  return { ok: true, matcher: (v) => (v === undefined ? undefined : groups(re.exec(v))) };
}

function patterns(sources: readonly string[]): Compiled {
  const regexes: RegExp[] = [];
  for (const s of sources) {
    const c = compileAsteriskPattern(s);
    if (!c.ok) return c;
    regexes.push(c.regex);
  }
  return {
    ok: true,
    matcher: (v) => {
      if (v === undefined) return undefined;
      for (const re of regexes) {
        const m = re.exec(v);
        if (m) return groups(m);
      }
      return undefined;
    },
  };
}

function pattern(source: string): Compiled {
  return patterns([source]);
}

function groups(m: RegExpExecArray | null): readonly string[] | undefined {
  if (!m) return undefined;
  const out = new Array<string>(m.length);
  for (let i = 0; i < m.length; i++) out[i] = m[i] ?? '';
  return out;
}
