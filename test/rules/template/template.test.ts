// Templates: every form renders, a missing variable makes the whole render undefined, and syntax
// errors name the right column.
import { describe, expect, it } from 'vitest';
import { compileTemplate, type Template, type TemplateVars } from '../../../src/rules/template/index.js';

function template(text: string): Template {
  const c = compileTemplate(text);
  if (!c.ok) throw new Error(`${c.error} at column ${c.column}`);
  return c.template;
}

function varsOf(values: Record<string, string | undefined>): TemplateVars & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    get(name) {
      asked.push(name);
      return values[name];
    },
  };
}

const values = {
  called: '01632960123',
  calling: '201',
  'caller.number': '202',
  'lookup.did': '203',
  'lookup.x_1': 'v',
  empty: '',
  '0': '901632',
  '1': '01632',
  '2': '96',
};

describe('templates', () => {
  it.each<[string, string, string | undefined]>([
    ['plain text', 'Anonymous', 'Anonymous'],
    ['one variable', '${called}', '01632960123'],
    ['variable inside text', 'sip:vm-${calling}@voicemail.example.com', 'sip:vm-201@voicemail.example.com'],
    ['several variables', '${calling}->${called}', '201->01632960123'],
    ['dotted names', '${caller.number}/${lookup.did}', '202/203'],
    ['underscore and digits in a part', '${lookup.x_1}', 'v'],
    ['captures', '${1}-${2}', '01632-96'],
    ['capture 0 is the whole match', '${0}', '901632'],
    ['empty value is a value', '[${empty}]', '[]'],
    ['$$ is a literal $', 'cost $$5', 'cost $5'],
    ['$$ before a brace stays literal', '$${called}', '${called}'],
    ['$$$$ is two dollars', '$$$$', '$$'],
    ['$$ next to a variable', '$$${calling}', '$201'],
    ['braces alone are literal', '{}', '{}'],
    ['colons outside are literal', 'sip:${calling}:5060', 'sip:201:5060'],
    // Asterisk substrings.
    ['offset', '${called:1}', '1632960123'],
    ['offset 0', '${called:0}', '01632960123'],
    ['offset and length', '${called:1:4}', '1632'],
    ['negative offset from the end', '${called:-4}', '0123'],
    ['negative offset and length', '${called:-4:2}', '01'],
    ['negative length drops from the end', '${called:1:-3}', '1632960'],
    ['negative offset and negative length', '${called:-4:-1}', '012'],
    ['offset past the end', '${called:20}', ''],
    ['negative offset before the start starts at 0', '${called:-20:3}', '016'],
    ['length past the end', '${called:8:99}', '123'],
    ['length 0', '${called:2:0}', ''],
    ['negative length eating everything', '${called:5:-20}', ''],
    ['substring of a capture', '${1:1}', '1632'],
    ['substring of a dotted name', '${caller.number:-1}', '2'],
    ['huge offset', '${called:99999999999999999999}', ''],
    // Missing variables make the whole thing undefined.
    ['missing variable', 'sip:${nope}@x', undefined],
    ['missing capture', '${9}', undefined],
    ['one of several missing', '${called}${lookup.none}', undefined],
    ['missing with substring', '${nope:1}', undefined],
  ])('%s: %s', (_name, text, expected) => {
    expect(template(text).render(varsOf(values))).toBe(expected);
  });

  it('keeps the source and lists each variable once, in order of first use', () => {
    const t = template('${called}:${caller.number}/${called:1}-${1}$$');
    expect(t.source).toBe('${called}:${caller.number}/${called:1}-${1}$$');
    expect(t.variables).toEqual(['called', 'caller.number', '1']);
    expect(template('no variables $$').variables).toEqual([]);
  });

  it('asks for the full dotted name or the capture digit', () => {
    const vars = varsOf(values);
    template('${caller.number}${1}${lookup.did:1}').render(vars);
    expect(vars.asked).toEqual(['caller.number', '1', 'lookup.did']);
  });

  it('stops asking at the first missing variable', () => {
    const vars = varsOf(values);
    expect(template('${called}${nope}${calling}').render(vars)).toBeUndefined();
    expect(vars.asked).toEqual(['called', 'nope']);
  });

  it('renders a constant without asking for anything', () => {
    const vars = varsOf({});
    expect(template('sip:reception@pbx').render(vars)).toBe('sip:reception@pbx');
    expect(template('').render(vars)).toBe('');
    expect(vars.asked).toEqual([]);
  });

  it('renders the same way every time', () => {
    const t = template('${1}@${called:-3}');
    expect(t.render(varsOf(values))).toBe('01632@123');
    expect(t.render(varsOf({ '1': 'a', called: 'xyz' }))).toBe('a@xyz');
    expect(t.render(varsOf({ '1': 'a' }))).toBeUndefined();
  });

  it.each<[string, string, RegExp, number]>([
    ['unclosed ${', 'sip:${called@gw', /"\$\{" is never closed/, 5],
    ['unclosed ${ at the end', 'x${', /never closed/, 2],
    ['lone $ at the end', 'cost 5$', /a "\$" must start \$\{name\}; write "\$\$" for a literal "\$"/, 7],
    ['$ followed by a digit', 'sip:$1@gw', /write "\$\$"/, 5],
    ['$ followed by a name', '$called', /write "\$\$"/, 1],
    ['odd $ after $$', '$$$x', /write "\$\$"/, 3],
    ['empty name', 'a${}b', /empty variable name/, 4],
    ['empty name before a substring', '${:1}', /empty variable name/, 3],
    ['space in a name', '${ called}', /character " " cannot be part of a variable name/, 3],
    ['hyphen in a name', '${caller-number}', /character "-" cannot/, 9],
    ['nested ${', '${a${b}}', /character "\$" cannot/, 4],
    ['leading dot', '${.called}', /empty part in variable name/, 3],
    ['two dots', '${caller..number}', /empty part/, 10],
    ['trailing dot', '${caller.}', /variable name ends with "\."/, 9],
    ['part starting with a digit', '${caller.1x}', /character "1" cannot/, 10],
    ['two-digit capture', '${10}', /"10" is not a variable: captures are \$\{0\} to \$\{9\}/, 3],
    ['digit then letters', '${1a}', /captures are/, 3],
    ['missing offset', '${called:}', /missing offset after ":"/, 10],
    ['missing length', '${called:1:}', /missing length after ":"/, 12],
    ['letters for an offset', '${called:x}', /offset "x" is not a whole number/, 10],
    ['plus sign offset', '${called:+1}', /offset "\+1" is not a whole number/, 10],
    ['fractional length', '${called:1:2.5}', /length "2\.5" is not a whole number/, 12],
    ['too many fields', '${called:1:2:3}', /too many ":"/, 13],
    ['error in a later variable', 'sip:${called}@${bad name}', /character " "/, 20],
    ['column counts characters, not UTF-16 units', '☎️ 😀 ${}', /empty variable name/, 8],
  ])('refuses %s', (_name, text, message, column) => {
    const c = compileTemplate(text);
    expect(c.ok).toBe(false);
    if (!c.ok) {
      expect(c.error).toMatch(message);
      expect(c.column).toBe(column);
    }
  });
});
