// Every number matcher form, table-driven: what matches, what the captures are, what is refused.
import { describe, expect, it } from 'vitest';
import { compileNumberMatcher, type NumberMatcher, type NumberMatcherSpec } from '../../../src/rules/match/index.js';

function matcher(spec: NumberMatcherSpec): NumberMatcher {
  const c = compileNumberMatcher(spec);
  if (!c.ok) throw new Error(c.error);
  return c.matcher;
}

function errorOf(spec: unknown): string {
  const c = compileNumberMatcher(spec as NumberMatcherSpec);
  if (c.ok) throw new Error(`expected ${JSON.stringify(spec)} to be refused`);
  return c.error;
}

// [description, spec, value, expected captures or undefined for no match]
type Row = [string, NumberMatcherSpec, string | undefined, readonly string[] | undefined];

describe('number matchers', () => {
  it.each<Row>([
    // plain strings
    ['plain string is exact', '201', '201', ['201']],
    ['plain string is not a prefix', '201', '2011', undefined],
    ['plain string is not a suffix', '201', '1201', undefined],
    ['undefined never matches', '201', undefined, undefined],
    ['"*" is literal in a plain string', '*21#', '*21#', ['*21#']],
    // exact
    ['exact string', { exact: '999' }, '999', ['999']],
    ['exact list hit', { exact: ['999', '112'] }, '112', ['112']],
    ['exact list miss', { exact: ['999', '112'] }, '911', undefined],
    ['exact "_..." is literal', { exact: '_2XX' }, '_2XX', ['_2XX']],
    ['exact "_..." does not pattern-match', { exact: '_2XX' }, '201', undefined],
    // in
    ['in hit', { in: ['201', '202', '203'] }, '202', ['202']],
    ['in miss', { in: ['201', '202', '203'] }, '204', undefined],
    ['in with undefined', { in: ['201'] }, undefined, undefined],
    // prefix
    ['prefix string', { prefix: '0' }, '01632960123', ['01632960123', '1632960123']],
    ['prefix equal to the value', { prefix: '999' }, '999', ['999', '']],
    ['prefix miss', { prefix: '0' }, '1632', undefined],
    ['prefix list, longest wins', { prefix: ['0', '00'] }, '0044123', ['0044123', '44123']],
    ['prefix list, shorter when longer misses', { prefix: ['0', '00'] }, '01632', ['01632', '1632']],
    ['prefix list with +', { prefix: ['09', '+449', '00449'] }, '+449001', ['+449001', '001']],
    ['prefix with undefined', { prefix: '0' }, undefined, undefined],
    // regex
    ['regex anchored: whole value', { regex: '2\\d\\d' }, '201', ['201']],
    ['regex anchored: no partial match', { regex: '2\\d\\d' }, '2011', undefined],
    ['regex anchored: no match inside', { regex: '2\\d\\d' }, '1201', undefined],
    ['regex captures', { regex: '9(0\\d+)' }, '901632', ['901632', '01632']],
    ['regex several captures', { regex: '(\\d{3})(\\d{3})(\\d+)' }, '01632960123', ['01632960123', '016', '329', '60123']],
    ['regex with own anchors', { regex: '^9(\\d+)$' }, '9123', ['9123', '123']],
    ['regex alternation stays anchored', { regex: 'a|b' }, 'ab', undefined],
    ['regex alternation hit', { regex: '1|22' }, '22', ['22']],
    ['regex optional group not taking part is ""', { regex: '(\\+)?(\\d+)' }, '44', ['44', '', '44']],
    ['regex named group is numbered too', { regex: '9(?<rest>\\d+)' }, '912', ['912', '12']],
    ['regex non-capturing group', { regex: '(?:00|\\+)(\\d+)' }, '+44', ['+44', '44']],
    ['regex with undefined', { regex: '.*' }, undefined, undefined],
    // Asterisk patterns as strings
    ['_2XX hit', '_2XX', '201', ['201', '01']],
    ['_2XX too short', '_2XX', '20', undefined],
    ['_2XX too long', '_2XX', '2011', undefined],
    ['_2XX wrong lead', '_2XX', '301', undefined],
    ['_2XX letters are not digits', '_2XX', '2a1', undefined],
    ['_0[1-9]X. national', '_0[1-9]X.', '01632960123', ['01632960123', '1632960123']],
    ['_0[1-9]X. not international', '_0[1-9]X.', '0044123', undefined],
    ['_0[1-9]X. needs "." to take one', '_0[1-9]X.', '016', undefined],
    ['_00X. international', '_00X.', '0044123', ['0044123', '44123']],
    ['_+X. E.164', '_+X.', '+441632960123', ['+441632960123', '441632960123']],
    ['_9. strips the 9', '_9.', '901632960123', ['901632960123', '01632960123']],
    ['_9. needs one more', '_9.', '9', undefined],
    ['_9! takes nothing', '_9!', '9', ['9', '']],
    ['_9! takes anything', '_9!', '9*#1', ['9*#1', '*#1']],
    ['_9! needs the 9', '_9!', '8', undefined],
    ['_NXXNXXXXXX NANP', '_NXXNXXXXXX', '2125551234', ['2125551234', '2125551234']],
    ['_NXXNXXXXXX no 1 in area code', '_NXXNXXXXXX', '1125551234', undefined],
    ['_NXXNXXXXXX no 0 in exchange', '_NXXNXXXXXX', '2120551234', undefined],
    ['_Z starts 1-9', '_ZX', '10', ['10', '10']],
    ['_Z refuses 0', '_ZX', '01', undefined],
    ['_N refuses 1', '_NX', '19', undefined],
    ['lower-case x z n as in Asterisk', '_nxz', '201', ['201', '201']],
    ['_[*#]X. star codes', '_[*#]X.', '*21#', ['*21#', '*21#']],
    ['_[*#]X. hash codes', '_[*#]X.', '#31#1', ['#31#1', '#31#1']],
    ['_[*#]X. needs * or #', '_[*#]X.', '121', undefined],
    ['_[147]XX list', '_[147]XX', '455', ['455', '455']],
    ['_[147]XX list miss', '_[147]XX', '555', undefined],
    ['_[1-35]X mixed class', '_[1-35]X', '50', ['50', '50']],
    ['_[1-35]X mixed class miss', '_[1-35]X', '40', undefined],
    ['_[-0]X dash first is literal', '_[-0]X', '-5', ['-5', '-5']],
    ['_118XXX literal run then wildcards', '_118XXX', '118118', ['118118', '118']],
    ['literal after a wildcard is in ${1}', '_9X1', '951', ['951', '51']],
    ['"-" and " " are ignored', '_1-NXX-XXX XXXX', '12125551234', ['12125551234', '2125551234']],
    ['literal-only pattern has no ${1}', '_201', '201', ['201']],
    ['regex metacharacters are literal', '_1+2', '1+2', ['1+2']],
    ['regex metacharacters are literal (miss)', '_1+2', '112', undefined],
    ['_. matches anything non-empty', '_.', 'x', ['x', 'x']],
    ['_. refuses empty', '_.', '', undefined],
    ['_! matches empty', '_!', '', ['', '']],
    ['_! still refuses undefined', '_!', undefined, undefined],
    // { pattern }
    ['pattern object', { pattern: '_2XX' }, '299', ['299', '99']],
    ['pattern list, first match supplies captures', { pattern: ['_9.', '_9X.'] }, '9123', ['9123', '123']],
    ['pattern list second', { pattern: ['_2XX', '_3XX'] }, '301', ['301', '01']],
    ['pattern list miss', { pattern: ['_2XX', '_3XX'] }, '401', undefined],
    // any-of lists
    ['any-of: exact first', ['201', '_2XX'], '201', ['201']],
    ['any-of: pattern first', ['_2XX', '201'], '201', ['201', '01']],
    ['any-of: later item', [{ prefix: ['09', '+449'] }, '_118XXX'], '118500', ['118500', '500']],
    ['any-of: regex in list', ['999', { regex: '11(\\d)' }], '112', ['112', '2']],
    ['any-of: none', ['999', { prefix: '00' }, '_118XXX'], '0123', undefined],
    ['any-of: outbound set', ['_0[1-9]X.', '_00X.', '_+X.'], '+4420', ['+4420', '4420']],
    ['any-of: single item list', [{ in: ['1', '2'] }], '2', ['2']],
  ])('%s', (_name, spec, value, expected) => {
    expect(matcher(spec)(value)).toEqual(expected);
  });

  it.each<[string, unknown, RegExp]>([
    ['empty list', [], /empty list/],
    ['nested list', [['201']], /item 1: lists inside lists/],
    ['empty plain string', '', /exact number cannot be empty/],
    ['empty exact in list', { exact: ['1', ''] }, /exact number cannot be empty/],
    ['empty exact list', { exact: [] }, /exact must be a string or a non-empty list/],
    ['in needs a list', { in: '201' }, /in must be a non-empty list of strings/],
    ['in empty', { in: [] }, /in must be a non-empty list/],
    ['in with a number', { in: ['1', 2] }, /in must be a non-empty list of strings/],
    ['empty prefix', { prefix: '' }, /empty prefix would match every number/],
    ['unknown key', { suffix: '1' }, /exactly one of exact, prefix, in, regex, pattern \(got suffix\)/],
    ['two keys', { exact: '1', prefix: '2' }, /exactly one of .* \(got exact, prefix\)/],
    ['no keys', {}, /\(got none\)/],
    ['a number', 201, /a number matcher is a string or an object, not 201/],
    ['null', null, /not null/],
    ['regex not a string', { regex: 5 }, /regex must be a string/],
    ['regex empty', { regex: '' }, /regex is empty/],
    ['regex unterminated group', { regex: '(' }, /^invalid regex "\(": Unterminated group$/],
    ['regex unmatched paren cannot escape the anchors', { regex: 'a)|(b' }, /^invalid regex "a\)\|\(b": Unmatched '\)'$/],
    ['regex nothing to repeat', { regex: '*1' }, /^invalid regex "\*1": Nothing to repeat$/],
    ['regex unterminated class', { regex: '[0-9' }, /Unterminated character class/],
    ['regex too long', { regex: 'x'.repeat(501) }, /regex is 501 characters long; the limit is 500/],
    ['pattern without _', { pattern: '2XX' }, /an Asterisk pattern starts with "_" \(got "2XX"\)/],
    ['pattern empty', '_', /invalid pattern "_": nothing to match after "_"/],
    ['pattern only separators', '_ - ', /nothing to match/],
    ['pattern unclosed [', '_0[1-9X.', /invalid pattern "_0\[1-9X\.": "\[" at character 3 is never closed/],
    ['pattern empty []', '_1[]X', /"\[\]" at character 3 is empty/],
    ['pattern stray ]', '_1]X', /"\]" at character 3 has no matching "\["/],
    ['pattern backwards range', '_[9-1]X', /range "9-1" at character 3 runs backwards/],
    ['pattern backwards range later in class', '_[05-2]', /range "5-2" at character 4 runs backwards/],
    ['pattern too many . and !', '_X.X.X.', /at most 2 of "\." and "!" \(another at character 7\)/],
    ['pattern too long', `_${'X'.repeat(500)}`, /longer than 500 characters/],
    ['bad item named in list', ['201', '_2[XX'], /^item 2: invalid pattern "_2\[XX"/],
    ['bad pattern in pattern list', { pattern: ['_2XX', '3XX'] }, /starts with "_" \(got "3XX"\)/],
  ])('refuses %s', (_name, spec, message) => {
    expect(errorOf(spec)).toMatch(message);
  });

  it('accepts a regex of exactly 500 characters', () => {
    expect(compileNumberMatcher({ regex: '1'.repeat(500) }).ok).toBe(true);
  });

  it('keeps no state between calls (no global/sticky regex)', () => {
    const m = matcher([{ regex: '2(\\d+)' }, '_3XX']);
    for (let i = 0; i < 3; i++) {
      expect(m('201')).toEqual(['201', '01']);
      expect(m('301')).toEqual(['301', '01']);
    }
  });

  it('rejects a long non-matching value quickly with two "." wildcards', () => {
    const m = matcher('_X.5.6');
    const started = performance.now();
    expect(m('1'.repeat(253))).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(200);
  });
});
