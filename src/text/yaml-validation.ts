// Parses YAML and validates it against a zod schema, reporting every problem as
// file:line:column: path: reason — config files and routing rules share this edge.
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import type { z } from 'zod';
import { aliasProblem, syntaxProblems } from './yaml-syntax.js';

export interface SourceProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Dotted key path such as `clients[0].secret`; empty for the document itself. */
  readonly path: string;
  readonly message: string;
}

export function formatProblem(p: SourceProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/**
 * Problems in reading order: by file (in the order given, e.g. the order rule files load in), then
 * line, then column. Problems are found in schema order, which is rarely the order of the file.
 */
export function sortProblems(problems: readonly SourceProblem[], files: readonly string[] = []): SourceProblem[] {
  const rank = (file: string): number => {
    const i = files.indexOf(file);
    return i < 0 ? files.length : i;
  };
  return [...problems].sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line || a.column - b.column);
}

export class SourceError extends Error {
  override name = 'SourceError';
  constructor(readonly problems: readonly SourceProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/** Where a key path stands in the source, for problems found after schema validation. */
export type Locator = (path: ReadonlyArray<PropertyKey>) => { line: number; column: number };

export type Validated<T> =
  | { ok: true; value: T; document: Document; locate: Locator }
  | { ok: false; problems: SourceProblem[] };

export type Checked<T> =
  | { ok: true; value: T }
  | { ok: false; problems: SourceProblem[]; issues: readonly z.core.$ZodIssue[] };

/** A file that is valid YAML, to be checked against a schema whole or part by part. */
export interface ParsedYaml {
  readonly ok: true;
  readonly data: unknown;
  readonly document: Document;
  readonly locate: Locator;
  /** Checks `value` (by default the whole document), which stands at `at` in it, against `schema`. */
  check<S extends z.ZodType>(schema: S, value?: unknown, at?: ReadonlyArray<PropertyKey>): Checked<z.output<S>>;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Finds the deepest node that exists along `path`, for a position to report. */
function positionOf(document: Document, path: ReadonlyArray<PropertyKey>, lines: LineCounter): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) {
      const { line, col } = lines.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return { line: 1, column: 1 };
}

/** Parses `text` as one YAML document; syntax problems are placed where they start (yaml-syntax.ts). */
export function parseYaml(file: string, text: string): ParsedYaml | { ok: false; problems: SourceProblem[] } {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return { ok: false, problems: sortProblems(syntaxProblems(document, lines).map((p) => ({ file, path: '', ...p }))) };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    // An alias without its anchor, or too many aliases (a "billion laughs" file), is found only here.
    return { ok: false, problems: [{ file, path: '', ...aliasProblem(document, lines, err as Error) }] };
  }
  const locate: Locator = (path) => positionOf(document, path, lines);
  return {
    ok: true,
    data,
    document,
    locate,
    check(schema, value = data, at = []) {
      const result = schema.safeParse(value);
      if (result.success) return { ok: true, value: result.data };
      const issues = result.error.issues.map((i) => ({ ...i, path: [...at, ...i.path] }));
      return { ok: false, problems: sortProblems(issues.flatMap((i) => problemsOf(file, i, document, lines))), issues };
    },
  };
}

export function validateYaml<S extends z.ZodType>(file: string, text: string, schema: S): Validated<z.output<S>> {
  const parsed = parseYaml(file, text);
  if (!parsed.ok) return parsed;
  const checked = parsed.check(schema);
  if (!checked.ok) return { ok: false, problems: checked.problems };
  return { ok: true, value: checked.value, document: parsed.document, locate: parsed.locate };
}

function problemsOf(file: string, issue: z.core.$ZodIssue, document: Document, lines: LineCounter): SourceProblem[] {
  // zod reports unknown keys once, at the enclosing object; an operator wants each typo's own line.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const { line, column } = keyPositionOf(document, issue.path, key, lines) ?? positionOf(document, issue.path, lines);
      return { file, line, column, path: formatPath([...issue.path, key]), message: `unknown key "${key}"` };
    });
  }
  const { line, column } = positionOf(document, issue.path, lines);
  return [{ file, line, column, path: formatPath(issue.path), message: issue.message }];
}

function keyPositionOf(
  document: Document,
  path: ReadonlyArray<PropertyKey>,
  key: string,
  lines: LineCounter,
): { line: number; column: number } | undefined {
  const node = path.length === 0 ? document.contents : document.getIn(path as unknown[], true);
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === key);
  const range = isNode(pair?.key) ? pair.key.range : undefined;
  if (!range) return undefined;
  const { line, col } = lines.linePos(range[0]);
  return { line, column: col };
}
