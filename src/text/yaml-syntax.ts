// YAML syntax errors, placed where a person would look. The `yaml` parser notices an unclosed "[",
// "{" or quote only where the construct ends — the next key, or the end of the file — and reports it
// there; the construct it names is in the parsed document, with the position where it opened.
import { isCollection, isNode, isScalar, isSeq, Scalar, visit, type Document, type LineCounter, type Node, type YAMLError } from 'yaml';

export interface SyntaxProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

type Opener = '[' | '{' | '"' | "'";

/** The construct an error says was left open, from the parser's message. */
function openerNamed(error: YAMLError): Opener | undefined {
  if (/^Flow sequence\b/.test(error.message)) return '[';
  if (/^Flow map\b/.test(error.message)) return '{';
  if (error.code === 'MISSING_CHAR' && /Missing closing "quote/.test(error.message)) return '"';
  if (error.code === 'MISSING_CHAR' && /Missing closing 'quote/.test(error.message)) return "'";
  return undefined;
}

function opens(node: Node): Opener | undefined {
  if (isScalar(node)) return node.type === Scalar.QUOTE_DOUBLE ? '"' : node.type === Scalar.QUOTE_SINGLE ? "'" : undefined;
  if (!isCollection(node) || !node.flow) return undefined;
  return isSeq(node) ? '[' : '{';
}

/**
 * Where the construct `error` names was opened: the one that ends where the error is reported, else
 * the innermost one around it (an unclosed construct runs up to the error).
 */
function openingOf(document: Document, error: YAMLError, opener: Opener): number | undefined {
  const at = error.pos[0];
  let best: number | undefined;
  let exact: number | undefined;
  visit(document, (_key, node) => {
    if (!isNode(node) || !node.range || opens(node) !== opener) return;
    const [start, valueEnd, nodeEnd] = node.range;
    if (start >= at || at > nodeEnd) return;
    if (valueEnd === at && exact === undefined) exact = start;
    if (best === undefined || start > best) best = start;
  });
  return exact ?? best;
}

function reworded(error: YAMLError, opener: Opener | undefined): string {
  const first = error.message.split('\n')[0] ?? error.message;
  if (opener === '"' || opener === "'") return `the quote ${opener} opened here is not closed`;
  if (opener) return `the "${opener}" opened here is not closed: ${first}`;
  if (error.code === 'MULTIPLE_DOCS') return 'a file holds one YAML document; a second one starts here';
  return first;
}

/** Once the document has ended (a stray "]"), every later token is unexpected too. */
const STREAM_TOKEN = /^Unexpected .* token in YAML stream/;

/**
 * An error that follows from one already reported: at the same place, or spanning it (an unclosed
 * quote also leaves its "{" unclosed; a missing "," makes the rest of a "{" a block mapping), or one
 * more token after the document already ended.
 */
function followsFrom(error: YAMLError, earlier: readonly YAMLError[]): boolean {
  const [start, end] = error.pos;
  return earlier.some(
    (e) => e.pos[0] === start || (start <= e.pos[0] && e.pos[0] < end) || (STREAM_TOKEN.test(e.message) && STREAM_TOKEN.test(error.message)),
  );
}

/** The document's syntax errors, each at the place to fix, leaving out the ones that follow from another. */
export function syntaxProblems(document: Document, lines: LineCounter): SyntaxProblem[] {
  const reported: YAMLError[] = [];
  const problems: SyntaxProblem[] = [];
  for (const error of document.errors) {
    if (followsFrom(error, reported)) continue;
    reported.push(error);
    const opener = openerNamed(error);
    const opening = opener ? openingOf(document, error, opener) : undefined;
    const { line, col } = lines.linePos(opening ?? error.pos[0]);
    problems.push({ line, column: col, message: reworded(error, opening === undefined ? undefined : opener) });
  }
  return problems;
}

/** Where converting a parsed document failed: at the first alias with no anchor before it. */
export function aliasProblem(document: Document, lines: LineCounter, err: Error): SyntaxProblem {
  let at = 0;
  visit(document, {
    Alias(_key, node) {
      if (node.resolve(document) !== undefined) return undefined;
      at = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  const { line, col } = lines.linePos(at);
  return { line, column: col, message: err.message.split('\n')[0] ?? err.message };
}
