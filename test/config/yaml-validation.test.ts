// Where a YAML problem is reported: at the place a person would look (the unclosed bracket or quote,
// not the line where the parser noticed), each problem once, and all of them in line order.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatProblem, validateYaml } from '../../src/text/yaml-validation.js';

/** `line:column: message` of every problem `text` has, as YAML (any content is valid). */
function syntaxProblems(...lines: string[]): string[] {
  const v = validateYaml('f.yaml', `${lines.join('\n')}\n`, z.unknown());
  return v.ok ? [] : v.problems.map((p) => formatProblem(p).replace(/^f\.yaml:/, ''));
}

describe('YAML syntax errors are reported where they start', () => {
  it.each([
    ['an unclosed "[" at the end of its line', ['listen:', '  host: "::"', 'clients: [fb1, fb2', 'redis:', '  url: redis://x'], '3:10'],
    ['an unclosed "[" spread over lines', ['clients: [', '  fb1,', '  fb2', 'redis:', '  keyPrefix: x'], '1:10'],
    ['an unclosed "{"', ['listen: { host: "::", auth: 1812', 'redis:', '  keyPrefix: x'], '1:9'],
    ['an unclosed "{" in the last line', ['redis: { keyPrefix: x'], '1:8'],
    ['an unclosed "[" at the top level', ['[a, b'], '1:1'],
    ['an unclosed double quote', ['listen:', '  host: "::', '  auth: 1812', 'redis:', '  keyPrefix: x'], '2:9'],
    ["an unclosed single quote", ['listen:', "  host: '::", '  auth: 1812'], '2:9'],
    ['an unclosed quote in a key', ['listen:', '  "host: 1'], '2:3'],
  ])('%s', (_name, lines, at) => {
    const found = syntaxProblems(...lines);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${at}: `));
  });

  it('an unclosed "[" inside a "{": each bracket where it opens', () => {
    const found = syntaxProblems('rules:', '  - name: a', '    match: { called: ["1", "2" }', '    route: []');
    expect(found.map((p) => p.slice(0, p.indexOf(': ')))).toEqual(['3:12', '3:22']);
    expect(found[0]).toMatch(/"\{"/);
    expect(found[1]).toMatch(/"\["/);
  });

  it('an unclosed quote inside a flow collection: the quote, once, not the collection it swallowed', () => {
    expect(syntaxProblems('rules:', '  - { name: "a, route: [] }', '  - { name: b, route: [] }')).toEqual([
      expect.stringMatching(/^2:13: the quote " opened here is not closed$/),
    ]);
    expect(syntaxProblems("clients: ['a, b]", 'redis: {}')).toEqual([expect.stringMatching(/^1:11: the quote ' opened here is not closed$/)]);
  });

  it('the message says which bracket is open', () => {
    expect(syntaxProblems('clients: [fb1, fb2')[0]).toBe('1:10: the "[" opened here is not closed: Flow sequence in block collection must be sufficiently indented and end with a ]');
    expect(syntaxProblems('listen:', '  host: "::')[0]).toBe('2:9: the quote " opened here is not closed');
  });

  it.each([
    ['a nested mapping', ['listen:', '  host: a: b'], '2:9', /Nested mappings/],
    ['a tab as indentation', ['listen:', '\thost: "::"'], '2:1', /[Tt]ab/],
    ['a duplicated key', ['listen:', '  auth: 1812', '  auth: 1645'], '3:3', /unique/],
    ['bad indentation', ['listen:', '  host: "::"', ' auth: 1812'], '3:1', /same column/],
    ['a stray "]"', ['clients: [a]]', 'redis: {}'], '1:13', /Unexpected flow-seq-end/],
    ['a key without ":"', ['listen', '  host: x'], '1:1', /single line/],
    ['a missing comma in a "{"', ['listen: { host: "::" auth: 1812 }'], '1:22', /Unexpected scalar/],
    ['a second document', ['a: 1', '---', 'b: 2'], '2:1', /one YAML document/],
  ])('%s', (_name, lines, at, message) => {
    const found = syntaxProblems(...lines);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.startsWith(`${at}`), found.join('\n')).toBe(true);
    expect(found[0]).toMatch(message);
  });

  it('problems that follow from one already reported are left out', () => {
    const found = syntaxProblems('listen:', '  x: [a,', 'b]');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^2:6: the "\[" opened here is not closed/);
    // After a stray "]" the document has ended: every later token is unexpected too.
    expect(syntaxProblems('clients: [a]]', 'redis: {}', 'log: {}')).toHaveLength(1);
    // Without the ",", the rest of the "{" reads as a block mapping.
    expect(syntaxProblems('listen: { host: "::" auth: 1812 }')).toHaveLength(1);
  });

  it('an alias to an anchor that does not exist is a problem at the alias, not a crash', () => {
    expect(syntaxProblems('listen:', '  host: *nope')).toEqual([expect.stringMatching(/^2:9: .*nope/)]);
  });
});

describe('problems come in line order', () => {
  const schema = z.object({ a: z.number(), b: z.object({ c: z.string() }).strict(), d: z.number() }).strict();

  it('schema problems, and unknown keys among them, by line then column', () => {
    const v = validateYaml('f.yaml', 'bogus: 1\nd: x\nb: { c: 1, e: 2 }\na: y\n', schema);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problems.map((p) => `${p.line}:${p.column} ${p.path}`)).toEqual(['1:1 bogus', '2:4 d', '3:9 b.c', '3:12 b.e', '4:4 a']);
  });

  it('syntax problems too', () => {
    const found = syntaxProblems('a: [1', 'b: "x', 'c: 1');
    const positions = found.map((p) => p.split(': ')[0]!.split(':').map(Number) as [number, number]);
    expect(positions).toEqual([...positions].sort((x, y) => x[0] - y[0] || x[1] - y[1]));
  });
});
