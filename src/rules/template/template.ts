// String templates for route targets, CLIs and lookup keys: "sip:vm-${called}@vm", "${lookup.ext}",
// "${1}", "${called:2}", "${called:-4:3}". Parsed once into literal and variable parts, so a render is
// one pass of string concatenation.
//
// Syntax:
//   ${name}                 a variable; name is dotted identifiers ("called", "caller.number",
//                           "lookup.did"; each part [A-Za-z_][A-Za-z0-9_]*) or one digit 0-9 (a capture
//                           of the number matcher, ${0} being the whole matched number)
//   ${name:offset}          Asterisk substring from offset (negative: from the end)
//   ${name:offset:length}   Asterisk substring of length (negative: drop that many from the end)
//   $$                      a literal "$"
// A "$" followed by anything else is refused, since "$1" or "$called" is nearly always a typo for
// "${1}" / "${called}" that would otherwise go out verbatim in a SIP URI.
import { asteriskSubstring } from './substring.js';

/** Values for one render. `name` is the full dotted name ("caller.number") or a capture digit ("1"). */
export interface TemplateVars {
  get(name: string): string | undefined;
}

export interface Template {
  /** The text as written. */
  readonly source: string;
  /** Every variable referenced, once each, in order of first use. */
  readonly variables: readonly string[];
  /** The rendered string, or undefined when any referenced variable is undefined. */
  render(vars: TemplateVars): string | undefined;
}

export type TemplateResult =
  | { readonly ok: true; readonly template: Template }
  /** `column` is 1-based and counts characters (code points) of the template text. */
  | { readonly ok: false; readonly error: string; readonly column: number };

interface VariablePart {
  readonly name: string;
  readonly offset?: number;
  readonly length?: number;
}
type Part = string | VariablePart;

class TemplateError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_REST = /[A-Za-z0-9_]/;
const INTEGER = /^-?\d+$/;

export function compileTemplate(text: string): TemplateResult {
  let parts: Part[];
  try {
    parts = parse(text);
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    // Count code points, not UTF-16 units, so the column matches what an editor shows.
    return { ok: false, error: e.message, column: [...text.slice(0, e.index)].length + 1 };
  }
  const variables = [...new Set(parts.flatMap((p) => (typeof p === 'string' ? [] : [p.name])))];
  const constant = parts.length === 0 ? '' : parts.length === 1 && typeof parts[0] === 'string' ? parts[0] : undefined;
  const render =
    constant !== undefined
      ? () => constant
      : (vars: TemplateVars): string | undefined => {
          let out = '';
          for (const p of parts) {
            if (typeof p === 'string') {
              out += p;
              continue;
            }
            const value = vars.get(p.name);
            if (value === undefined) return undefined;
            out += p.offset === undefined ? value : asteriskSubstring(value, p.offset, p.length);
          }
          return out;
        };
  return { ok: true, template: { source: text, variables, render } };
}

/** Splits the text into literal runs and variables; throws TemplateError at the offending index. */
function parse(text: string): Part[] {
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '$') {
      literal += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      literal += '$';
      i += 2;
      continue;
    }
    if (next !== '{') throw new TemplateError('a "$" must start ${name}; write "$$" for a literal "$"', i);
    const close = text.indexOf('}', i + 2);
    if (close < 0) throw new TemplateError('"${" is never closed with "}"', i);
    if (literal) parts.push(literal);
    literal = '';
    parts.push(parseVariable(text, i + 2, close));
    i = close + 1;
  }
  if (literal) parts.push(literal);
  return parts;
}

/** The inside of ${...}: text[start] up to (not including) text[end] === "}". */
function parseVariable(text: string, start: number, end: number): VariablePart {
  const colon = text.indexOf(':', start);
  const nameEnd = colon >= 0 && colon < end ? colon : end;
  const name = text.slice(start, nameEnd);
  checkName(name, start);
  if (nameEnd === end) return { name };

  // Substring fields after the name: offset, then an optional length.
  const fields: Array<{ value: string; at: number }> = [];
  let at = nameEnd + 1;
  for (;;) {
    const sep = text.indexOf(':', at);
    const stop = sep >= 0 && sep < end ? sep : end;
    fields.push({ value: text.slice(at, stop), at });
    if (stop === end) break;
    if (fields.length === 2) throw new TemplateError('too many ":" (use ${name:offset} or ${name:offset:length})', stop);
    at = stop + 1;
  }
  const [offset, length] = fields.map((f, k) => {
    const what = k === 0 ? 'offset' : 'length';
    if (f.value === '') throw new TemplateError(`missing ${what} after ":"`, f.at);
    if (!INTEGER.test(f.value)) throw new TemplateError(`${what} "${f.value}" is not a whole number`, f.at);
    return Number(f.value);
  });
  return length === undefined ? { name, offset: offset! } : { name, offset: offset!, length };
}

function checkName(name: string, start: number): void {
  if (name === '') throw new TemplateError('empty variable name', start);
  if (/^\d/.test(name)) {
    if (name.length > 1) throw new TemplateError(`"${name}" is not a variable: captures are \${0} to \${9}`, start);
    return;
  }
  let segmentStart = true;
  for (let k = 0; k < name.length; k++) {
    const c = name[k]!;
    if (c === '.') {
      if (segmentStart) throw new TemplateError('empty part in variable name (two dots, or a leading dot)', start + k);
      segmentStart = true;
    } else if (segmentStart ? IDENT_START.test(c) : IDENT_REST.test(c)) {
      segmentStart = false;
    } else {
      throw new TemplateError(`character ${JSON.stringify(c)} cannot be part of a variable name`, start + k);
    }
  }
  if (segmentStart) throw new TemplateError('variable name ends with "."', start + name.length - 1);
}
