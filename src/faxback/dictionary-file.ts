// Reads the operator's FaxBack dictionary, a FreeRADIUS-format text (spec §8.2): `VENDOR FaxBack
// 30694`, `BEGIN-VENDOR`/`END-VENDOR`, `ATTRIBUTE name number type`, `VALUE attr name number`, `#`
// comments. Pure: text in, entries or every problem out as file:line:column (config's SourceProblem,
// so operators see one format for every file firebridge reads). Merging with the built-in table is
// dictionary.ts's job; here a file is only checked against itself.
import { sortProblems, type SourceProblem } from '../text/yaml-validation.js';
import { FAXBACK_ATTRIBUTES, WIRE_TYPES, type WireType } from './attributes.js';
import { FAXBACK_VENDOR_ID } from './vsa.js';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface FileAttribute {
  readonly name: string;
  readonly number: number;
  readonly type: WireType;
  readonly at: Position;
}

export interface FileValue {
  readonly attribute: string;
  readonly name: string;
  readonly value: number;
  readonly at: Position;
}

export interface DictionaryFile {
  readonly file: string;
  readonly attributes: readonly FileAttribute[];
  readonly values: readonly FileValue[];
}

export type DictionaryFileResult = { readonly ok: true; readonly dictionary: DictionaryFile } | { readonly ok: false; readonly problems: SourceProblem[] };

interface Token {
  readonly text: string;
  readonly column: number;
}

/** Words of a line up to a `#` comment, with their 1-based columns. */
function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  const re = /[^\s#]+|#/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m[0] === '#') break;
    tokens.push({ text: m[0], column: m.index + 1 });
  }
  return tokens;
}

/** Decimal or 0x-hex, as FreeRADIUS reads numbers; undefined for anything else. */
function parseNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  return undefined;
}

const INTEGER_TYPES: ReadonlySet<WireType> = new Set(['integer', 'date', 'byte', 'short', 'signed']);
const BUILT_IN_TYPES = new Map(Object.entries(FAXBACK_ATTRIBUTES).map(([name, spec]) => [name.toLowerCase(), spec.type as WireType]));

export function parseDictionaryFile(text: string, file: string): DictionaryFileResult {
  const problems: SourceProblem[] = [];
  const problem = (line: number, column: number, message: string): void => {
    problems.push({ file, line, column, path: '', message });
  };
  const vendors = new Set<string>();
  let openVendor: string | undefined;
  let openedAt: Position | undefined;
  const attributes: FileAttribute[] = [];
  const values: FileValue[] = [];
  const byName = new Map<string, FileAttribute>();
  const byNumber = new Map<number, FileAttribute>();
  const valueKeys = new Map<string, FileValue>();

  const lines = text.split(/\r?\n/);
  lines.forEach((content, index) => {
    const line = index + 1;
    const tokens = tokenize(content);
    const [keyword, ...args] = tokens;
    if (!keyword) return;
    const need = (count: number, usage: string): boolean => {
      if (args.length === count) return true;
      const extra = args[count];
      problem(line, extra ? extra.column : content.length + 1, `${keyword.text} takes ${count} fields: ${usage}`);
      return false;
    };
    switch (keyword.text.toUpperCase()) {
      case 'VENDOR': {
        // `format=1,1` is the FreeRADIUS default (one-octet type and length, RFC 2865 §5.26); other formats are not FaxBack's.
        if (args.length === 3 && /^format=1,1$/i.test(args[2]!.text)) args.pop();
        if (!need(2, 'VENDOR name number')) return;
        const [name, number] = args as [Token, Token];
        if (parseNumber(number.text) !== FAXBACK_VENDOR_ID) {
          problem(line, number.column, `vendor ${number.text} is not FaxBack's ${FAXBACK_VENDOR_ID}: this file may define only FaxBack attributes`);
          return;
        }
        vendors.add(name.text.toLowerCase());
        return;
      }
      case 'BEGIN-VENDOR': {
        if (!need(1, 'BEGIN-VENDOR name')) return;
        const name = args[0]!;
        if (openVendor !== undefined) problem(line, keyword.column, `BEGIN-VENDOR inside BEGIN-VENDOR ${openVendor} (line ${openedAt!.line})`);
        else if (!vendors.has(name.text.toLowerCase())) problem(line, name.column, `vendor ${name.text} is not declared by a VENDOR line above`);
        else {
          openVendor = name.text;
          openedAt = { line, column: keyword.column };
        }
        return;
      }
      case 'END-VENDOR': {
        if (!need(1, 'END-VENDOR name')) return;
        const name = args[0]!;
        if (openVendor === undefined) problem(line, keyword.column, 'END-VENDOR without BEGIN-VENDOR');
        else if (name.text.toLowerCase() !== openVendor.toLowerCase()) problem(line, name.column, `END-VENDOR ${name.text} closes BEGIN-VENDOR ${openVendor}`);
        openVendor = undefined;
        return;
      }
      case 'ATTRIBUTE': {
        // The older form names the vendor as a fourth field instead of a BEGIN-VENDOR block.
        const vendorField = args.length === 4 && vendors.has(args[3]!.text.toLowerCase()) ? args.pop() : undefined;
        if (args.length === 4) {
          problem(line, args[3]!.column, `attribute flags ("${args[3]!.text}") are not supported: a FaxBack attribute is sent as is`);
          return;
        }
        if (!need(3, 'ATTRIBUTE name number type')) return;
        if (openVendor === undefined && vendorField === undefined) {
          problem(line, keyword.column, 'ATTRIBUTE outside BEGIN-VENDOR FaxBack: this file may define only FaxBack attributes');
          return;
        }
        const [name, numberToken, typeToken] = args as [Token, Token, Token];
        const number = parseNumber(numberToken.text);
        if (number === undefined || number < 1 || number > 255) {
          problem(line, numberToken.column, `attribute number "${numberToken.text}" is not 1..255 (a vendor sub-attribute type is one octet, RFC 2865 §5.26)`);
          return;
        }
        const type = typeToken.text.toLowerCase() as WireType;
        if (!WIRE_TYPES.includes(type)) {
          problem(line, typeToken.column, `type "${typeToken.text}" is not one of ${WIRE_TYPES.join(', ')}`);
          return;
        }
        const entry: FileAttribute = { name: name.text, number, type, at: { line, column: keyword.column } };
        const sameName = byName.get(name.text.toLowerCase());
        if (sameName) {
          if (sameName.number !== number || sameName.type !== type) {
            problem(line, name.column, `${name.text} is already ${sameName.number} ${sameName.type} on line ${sameName.at.line}`);
          }
          return;
        }
        const sameNumber = byNumber.get(number);
        if (sameNumber) {
          problem(line, numberToken.column, `number ${number} is already ${sameNumber.name} on line ${sameNumber.at.line}`);
          return;
        }
        byName.set(name.text.toLowerCase(), entry);
        byNumber.set(number, entry);
        attributes.push(entry);
        return;
      }
      case 'VALUE': {
        if (!need(3, 'VALUE attribute name number')) return;
        const [attr, name, numberToken] = args as [Token, Token, Token];
        const type = byName.get(attr.text.toLowerCase())?.type ?? BUILT_IN_TYPES.get(attr.text.toLowerCase());
        if (type === undefined) {
          problem(line, attr.column, `VALUE for ${attr.text}, which neither this file (above) nor the built-in table defines`);
          return;
        }
        if (!INTEGER_TYPES.has(type)) {
          problem(line, attr.column, `VALUE for ${attr.text}, which is ${type}: value names are for integer attributes`);
          return;
        }
        const value = parseNumber(numberToken.text);
        if (value === undefined || value > 0xffffffff) {
          problem(line, numberToken.column, `value "${numberToken.text}" is not a 32-bit unsigned number`);
          return;
        }
        const key = `${attr.text.toLowerCase()}\u0000${name.text.toLowerCase()}`;
        const same = valueKeys.get(key);
        if (same) {
          if (same.value !== value) problem(line, name.column, `${attr.text} ${name.text} is already ${same.value} on line ${same.at.line}`);
          return;
        }
        const entry: FileValue = { attribute: attr.text, name: name.text, value, at: { line, column: keyword.column } };
        valueKeys.set(key, entry);
        values.push(entry);
        return;
      }
      case '$INCLUDE':
      case '$INCLUDE-':
        problem(line, keyword.column, '$INCLUDE is not supported: put the FaxBack definitions in this one file');
        return;
      default:
        problem(line, keyword.column, `"${keyword.text}" is not VENDOR, BEGIN-VENDOR, END-VENDOR, ATTRIBUTE or VALUE`);
    }
  });
  if (openVendor !== undefined) problem(openedAt!.line, openedAt!.column, `BEGIN-VENDOR ${openVendor} is never closed by END-VENDOR`);
  if (problems.length) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, dictionary: { file, attributes, values } };
}
