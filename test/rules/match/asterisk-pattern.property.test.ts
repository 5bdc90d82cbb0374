// The compiled RegExp of an Asterisk pattern must agree with a slow, obviously-correct matcher that
// walks the pattern character by character and backtracks over "." and "!".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileAsteriskPattern, compileNumberMatcher } from '../../../src/rules/match/index.js';

// ---- reference implementation -------------------------------------------------------------------

type Token = { kind: 'one'; accepts: (c: string) => boolean; literal: boolean } | { kind: 'plus' } | { kind: 'star' };

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 1; i < pattern.length; i++) {
    const c = pattern[i]!;
    const up = c.toUpperCase();
    if (c === ' ' || c === '-') continue;
    if (up === 'X') tokens.push({ kind: 'one', literal: false, accepts: (d) => d >= '0' && d <= '9' });
    else if (up === 'Z') tokens.push({ kind: 'one', literal: false, accepts: (d) => d >= '1' && d <= '9' });
    else if (up === 'N') tokens.push({ kind: 'one', literal: false, accepts: (d) => d >= '2' && d <= '9' });
    else if (c === '.') tokens.push({ kind: 'plus' });
    else if (c === '!') tokens.push({ kind: 'star' });
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      const inside = pattern.slice(i + 1, end);
      const ranges: Array<[string, string]> = [];
      for (let j = 0; j < inside.length; j++) {
        if (inside[j + 1] === '-' && j + 2 < inside.length) {
          ranges.push([inside[j]!, inside[j + 2]!]);
          j += 2;
        } else ranges.push([inside[j]!, inside[j]!]);
      }
      tokens.push({ kind: 'one', literal: false, accepts: (d) => ranges.some(([lo, hi]) => d >= lo && d <= hi) });
      i = end;
    } else tokens.push({ kind: 'one', literal: true, accepts: (d) => d === c });
  }
  return tokens;
}

/** Plain backtracking: try every split for "." (at least one) and "!" (zero or more). */
function slowMatch(tokens: readonly Token[], t: number, s: string, p: number): boolean {
  if (t === tokens.length) return p === s.length;
  const tok = tokens[t]!;
  if (tok.kind === 'one') return p < s.length && tok.accepts(s[p]!) && slowMatch(tokens, t + 1, s, p + 1);
  for (let q = tok.kind === 'plus' ? p + 1 : p; q <= s.length; q++) if (slowMatch(tokens, t + 1, s, q)) return true;
  return false;
}

/** Captures per the documented rule: [value] plus, if there is a wildcard, the value from it on. */
function slowCaptures(pattern: string, s: string): readonly string[] | undefined {
  const tokens = tokenize(pattern);
  if (!slowMatch(tokens, 0, s, 0)) return undefined;
  // Tokens before the first wildcard are single literal characters, so it always starts at that index.
  const first = tokens.findIndex((tok) => tok.kind !== 'one' || !tok.literal);
  return first < 0 ? [s] : [s, s.slice(first)];
}

// ---- generators -----------------------------------------------------------------------------------

const ALPHABET = '0123456789*#+'.split('');
const anyChar = fc.constantFrom(...ALPHABET);
const digit = (lo: number) => fc.integer({ min: lo, max: 9 }).map(String);

/** A pattern piece and a generator of text it matches (mostly), so many samples are hits. */
type Piece = { src: string; sample: fc.Arbitrary<string>; variable: boolean };

const classPiece: fc.Arbitrary<Piece> = fc
  .array(
    fc.oneof(
      anyChar.map((c) => ({ src: c, chars: [c] })),
      fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })).map(([a, b]) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return { src: `${lo}-${hi}`, chars: Array.from({ length: hi - lo + 1 }, (_, k) => String(lo + k)) };
      }),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((items) => ({ src: `[${items.map((x) => x.src).join('')}]`, sample: fc.constantFrom(...items.flatMap((x) => x.chars)), variable: false }));

const piece: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 4, arbitrary: anyChar.map((c) => ({ src: c, sample: fc.constant(c), variable: false })) },
  { weight: 2, arbitrary: fc.constantFrom('X', 'x').map((src) => ({ src, sample: digit(0), variable: false })) },
  { weight: 1, arbitrary: fc.constantFrom('Z', 'z').map((src) => ({ src, sample: digit(1), variable: false })) },
  { weight: 1, arbitrary: fc.constantFrom('N', 'n').map((src) => ({ src, sample: digit(2), variable: false })) },
  { weight: 2, arbitrary: classPiece },
  { weight: 1, arbitrary: fc.constant({ src: '.', sample: fc.string({ unit: anyChar, minLength: 1, maxLength: 4 }), variable: true }) },
  { weight: 1, arbitrary: fc.constant({ src: '!', sample: fc.string({ unit: anyChar, maxLength: 4 }), variable: true }) },
  { weight: 1, arbitrary: fc.constantFrom('-', ' ').map((src) => ({ src, sample: fc.constant(''), variable: false })) },
);

const patternPieces = fc
  .array(piece, { minLength: 1, maxLength: 8 })
  .filter((ps) => ps.filter((p) => p.variable).length <= 2 && ps.some((p) => p.src !== '-' && p.src !== ' '));

/** A pattern and a value: either text built from the pattern (usually a hit), or random text. */
const patternAndValue = patternPieces.chain((ps) =>
  fc.tuple(
    fc.constant(`_${ps.map((p) => p.src).join('')}`),
    fc.oneof(fc.tuple(...ps.map((p) => p.sample)).map((parts) => parts.join('')), fc.string({ unit: anyChar, maxLength: 12 })),
  ),
);

// ---- properties -----------------------------------------------------------------------------------

describe('Asterisk patterns against the reference matcher', () => {
  it('agree on match and captures for random patterns and values', () => {
    fc.assert(
      fc.property(patternAndValue, ([pattern, value]) => {
        const compiled = compileNumberMatcher(pattern);
        if (!compiled.ok) throw new Error(compiled.error);
        expect(compiled.matcher(value)).toEqual(slowCaptures(pattern, value));
      }),
      { numRuns: 3000 },
    );
  });

  it('agree on random digit strings for fixed everyday patterns', () => {
    const patterns = ['_2XX', '_0[1-9]X.', '_9!', '_NXXNXXXXXX', '_[*#]X.', '_00X.', '_+X.', '_118XXX', '_1-NXX-XXX-XXXX', '_X.0!'];
    fc.assert(
      fc.property(fc.constantFrom(...patterns), fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), maxLength: 14 }), (pattern, value) => {
        const compiled = compileNumberMatcher(pattern);
        if (!compiled.ok) throw new Error(compiled.error);
        expect(compiled.matcher(value)).toEqual(slowCaptures(pattern, value));
      }),
      { numRuns: 3000 },
    );
  });

  it('text built from a pattern always matches it', () => {
    fc.assert(
      fc.property(
        patternPieces.chain((ps) => fc.tuple(fc.constant(ps), fc.tuple(...ps.map((p) => p.sample)))),
        ([ps, parts]) => {
          const pattern = `_${ps.map((p) => p.src).join('')}`;
          const result = compileAsteriskPattern(pattern);
          expect(result.ok && result.regex.test(parts.join(''))).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
