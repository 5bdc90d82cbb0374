// CSV text as an import reads it, for the commands and the admin API alike: records with the line
// each starts on, the header checked against the columns the import knows, cells checked with a
// problem naming line, column and value. Pure: reading the file and refusing are the caller's.
import { parse as parseCsv } from 'csv-parse/sync';
import { plural } from '../text/plural.js';

export interface ImportProblem {
  readonly line: number;
  readonly message: string;
}

export function formatImportProblem(file: string, p: ImportProblem): string {
  return `${file}:${p.line}: ${p.message}`;
}

export interface CsvRecord {
  readonly fields: readonly string[];
  /** Where the record starts (a quoted field may span lines). */
  readonly line: number;
}

interface CsvInfo {
  readonly lines: number;
  readonly comment_lines: number;
  readonly empty_lines: number;
}

/** Fields trimmed, `#` comments and blank lines skipped, a UTF-8 byte-order mark ignored. */
export function readRecords(text: string): CsvRecord[] | ImportProblem {
  let parsed: Array<{ record: string[]; info: CsvInfo }>;
  try {
    parsed = parseCsv(text, {
      bom: true,
      comment: '#',
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: CsvInfo }>;
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { line: e.lines ?? 1, message: e.message.replace(/ at line \d+$/, '') };
  }
  // info.lines is the line a record ends on; lines skipped as comments or blanks come before it.
  let prev = { lines: 0, comment_lines: 0, empty_lines: 0 };
  return parsed.map(({ record, info }) => {
    const skipped = info.comment_lines - prev.comment_lines + (info.empty_lines - prev.empty_lines);
    const line = prev.lines + 1 + skipped;
    prev = info;
    return { fields: record, line };
  });
}

export interface HeaderRead<C extends string> {
  /** The column of each field, in file order (unknown ones left out). */
  readonly columns: readonly C[];
  readonly problems: readonly ImportProblem[];
}

/**
 * The header row: names case-insensitive, each one of `known` (what the README lists), none twice,
 * every one of `required` present. Each problem names the column and its position.
 */
export function readHeader<C extends string>(header: CsvRecord, known: Readonly<Record<C, string>>, required: readonly NoInfer<C>[]): HeaderRead<C> {
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  const columns: C[] = [];
  header.fields.forEach((raw, i) => {
    const name = raw.toLowerCase();
    const position = `column ${i + 1}`;
    if (!Object.hasOwn(known, name)) {
      problems.push({ line: header.line, message: `header ${position}: unknown column "${raw}" (columns: ${Object.keys(known).join(', ')})` });
      return;
    }
    const first = seen.get(name);
    if (first !== undefined) problems.push({ line: header.line, message: `header ${position}: column "${name}" again (also column ${first + 1})` });
    seen.set(name, i);
    columns.push(name as C);
  });
  for (const c of required) if (!seen.has(c)) problems.push({ line: header.line, message: `header: no "${c}" column` });
  return { columns, problems };
}

/** A data row's non-empty cells by column, or the problem when it has another number of fields than the header. */
export function rowCells<C extends string>(record: CsvRecord, columns: readonly C[]): { cells: Partial<Record<C, string>> } | { problem: ImportProblem } {
  if (record.fields.length !== columns.length) {
    return { problem: { line: record.line, message: `${plural(record.fields.length, 'field')}, the header has ${columns.length}` } };
  }
  const cells: Partial<Record<C, string>> = {};
  columns.forEach((c, i) => {
    const v = record.fields[i] ?? '';
    if (v !== '') cells[c] = v;
  });
  return { cells };
}

// Control characters cannot be typed by a phone and would corrupt log lines and Redis key names.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

/** `column "x": "value" why`, the form of every cell problem. */
export function cellProblem(line: number, column: string, value: string, why: string): ImportProblem {
  return { line, message: `column "${column}": ${JSON.stringify(value)} ${why}` };
}

/**
 * Remembers the first line of each key, so a second row with the same key names both lines
 * (a later row would otherwise silently win).
 */
export class FirstLines {
  private readonly first = new Map<string, number>();

  /** The line the key was first seen on, or undefined (and remembers this one). */
  seen(key: string, line: number): number | undefined {
    const first = this.first.get(key);
    if (first === undefined) this.first.set(key, line);
    return first;
  }
}
