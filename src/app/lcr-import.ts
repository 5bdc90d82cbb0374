// An LCR table from CSV, for `firebridge lcr import TABLE FILE` and PUT /api/lcr/{table}. The whole
// file is read and validated before anything is written — the table is replaced all or nothing —
// and every refusal names file:line, the column and the value.
import { LCR_MAX_PREFIX_LENGTH, LCR_NUMBER, parseLcrWindow, type LcrEntry } from '../rules/lcr/index.js';
import { cellProblem, FirstLines, hasControlCharacter, readHeader, readRecords, rowCells, type CsvRecord, type ImportProblem } from './csv-records.js';

/** Every column an LCR file may have, with what it holds (also the README's table). */
export const LCR_IMPORT_COLUMNS = {
  prefix: `dialled-number prefix: digits, optionally a leading +, at most ${LCR_MAX_PREFIX_LENGTH}; the longest matching one routes the call`,
  carrier: 'FireBrick carrier name (without "@"): letters, digits, ".", "_", "-"',
  priority: 'whole number ≥ 0; lower is tried first',
  rate: 'cost per minute in your own unit, a decimal ≥ 0; within a priority the cheaper is tried first',
  window: 'when the entry may be used: weekdays, HH:MM-HH:MM and an IANA zone, e.g. "mon-fri 08:00-18:00 Europe/London"; empty = always',
  strip: 'leading digits removed from the number before the carrier gets it; whole number, empty = 0',
  prepend: 'digits put in front of the number (after strip), e.g. a carrier\'s tech prefix',
} as const;

type Column = keyof typeof LCR_IMPORT_COLUMNS;

export const CARRIER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const WHOLE = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;
const DIAL_DIGITS = /^[0-9+*#]+$/;

export type LcrImportResult =
  | { readonly ok: true; readonly entries: readonly LcrEntry[] }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

function readRow(record: CsvRecord, columns: readonly Column[]): { problems: ImportProblem[]; entry?: LcrEntry } {
  const read = rowCells(record, columns);
  if ('problem' in read) return { problems: [read.problem] };
  const cell = read.cells;
  const problems: ImportProblem[] = [];
  const bad = (column: Column, value: string, why: string): void => void problems.push(cellProblem(record.line, column, value, why));
  const required = (column: Column): string | undefined => {
    const v = cell[column];
    if (v === undefined) problems.push({ line: record.line, message: `column "${column}" is empty` });
    return v;
  };

  const prefix = required('prefix');
  if (prefix !== undefined && !LCR_NUMBER.test(prefix)) bad('prefix', prefix, 'is not a number prefix (digits, optionally a leading +)');
  else if (prefix !== undefined && prefix.length > LCR_MAX_PREFIX_LENGTH) bad('prefix', prefix, `is longer than ${LCR_MAX_PREFIX_LENGTH} characters`);
  const carrier = required('carrier');
  if (carrier !== undefined && !CARRIER_NAME.test(carrier)) {
    bad('carrier', carrier, hasControlCharacter(carrier) ? 'contains a control character' : 'is not a carrier name (letters, digits, ".", "_", "-"; without "@")');
  }
  const priorityText = required('priority');
  if (priorityText !== undefined && !WHOLE.test(priorityText)) bad('priority', priorityText, 'is not a whole number ≥ 0');
  const rateText = required('rate');
  if (rateText !== undefined && !DECIMAL.test(rateText)) bad('rate', rateText, 'is not a decimal number ≥ 0 (like 0.85)');
  const window = cell.window;
  if (window !== undefined) {
    const w = parseLcrWindow(window);
    if (!w.ok) bad('window', window, w.error);
  }
  const stripText = cell.strip;
  if (stripText !== undefined && (!WHOLE.test(stripText) || Number(stripText) > LCR_MAX_PREFIX_LENGTH)) {
    bad('strip', stripText, `is not a whole number from 0 to ${LCR_MAX_PREFIX_LENGTH}`);
  }
  const prepend = cell.prepend;
  if (prepend !== undefined && !DIAL_DIGITS.test(prepend)) bad('prepend', prepend, 'is not digits (0-9, +, *, #)');

  if (problems.length || prefix === undefined || carrier === undefined || priorityText === undefined || rateText === undefined) return { problems };
  const strip = stripText !== undefined ? Number(stripText) : 0;
  return {
    problems,
    entry: {
      prefix,
      carrier,
      priority: Number(priorityText),
      rate: Number(rateText),
      ...(window !== undefined ? { window } : {}),
      ...(strip > 0 ? { strip } : {}),
      ...(prepend !== undefined ? { prepend } : {}),
    },
  };
}

/** Parses and validates the whole file; no entries are returned unless every row is valid. */
export function parseLcrImport(text: string): LcrImportResult {
  const records = readRecords(text);
  if (!Array.isArray(records)) return { ok: false, problems: [records] };
  const [header, ...rows] = records;
  if (!header) return { ok: false, problems: [{ line: 1, message: 'empty file: expected a header row (prefix,carrier,priority,rate,…)' }] };
  const head = readHeader(header, LCR_IMPORT_COLUMNS, ['prefix', 'carrier', 'priority', 'rate']);
  if (head.problems.length) return { ok: false, problems: head.problems };

  const problems: ImportProblem[] = [];
  const entries: LcrEntry[] = [];
  const firstLines = new FirstLines();
  for (const record of rows) {
    const row = readRow(record, head.columns);
    problems.push(...row.problems);
    if (!row.entry) continue;
    // The same carrier twice for one prefix and window: one row would silently shadow the other.
    const { prefix, carrier, window } = row.entry;
    const first = firstLines.seen(`${prefix}\u0000${carrier}\u0000${window ?? ''}`, record.line);
    if (first !== undefined) {
      problems.push({ line: record.line, message: `prefix ${prefix} carrier ${carrier}${window ? ` window "${window}"` : ''} again (first at line ${first})` });
      continue;
    }
    entries.push(row.entry);
  }
  if (rows.length === 0) problems.push({ line: header.line, message: 'no entries after the header row' });
  return problems.length ? { ok: false, problems } : { ok: true, entries };
}
