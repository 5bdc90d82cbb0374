// How every command prints. People get a table or text; programs get `--json`, which is always NDJSON:
// one JSON object per line — one per item of a listing (nothing at all for an empty listing), exactly
// one for a command about one thing — never pretty-printed and never an array, so output streams line
// by line into jq, grep or a log shipper. Diagnostics go to stderr, so stdout stays parseable.
import Table from 'cli-table3';
import { plural } from '../text/plural.js';

/** `--json` of a listing: one object per item. */
export function jsonListOption(item: string): readonly [string, string] {
  return ['--json', `print one JSON object per ${item}, one per line (NDJSON)`];
}

/** `--json` of a command about one thing: exactly one line. */
export function jsonObjectOption(what: string): readonly [string, string] {
  return ['--json', `print ${what} as one JSON object on one line`];
}

export function writeJsonLines(items: Iterable<object>): void {
  let out = '';
  for (const item of items) out += `${JSON.stringify(item)}\n`;
  if (out) process.stdout.write(out);
}

export function writeJsonLine(value: object): void {
  writeJsonLines([value]);
}

/** A plain table for terminals; `--json` is the machine-readable form of every listing. */
export function printTable(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): void {
  const table = new Table({ head: [...columns], style: { head: [], border: [] } });
  for (const r of rows) table.push(columns.map((c) => (r[c] === null || r[c] === undefined ? '-' : String(r[c]))));
  process.stdout.write(`${table.toString()}\n${plural(rows.length, 'row')}\n`);
}

/** One thing as `key value` lines, the keys aligned; arrays joined with ", ", null and undefined as "-". */
export function printFields(record: Readonly<Record<string, unknown>>): void {
  const width = Math.max(0, ...Object.keys(record).map((k) => k.length)) + 1;
  let out = '';
  for (const [k, v] of Object.entries(record)) out += `${k.padEnd(width)} ${Array.isArray(v) ? v.join(', ') || '-' : String(v ?? '-')}\n`;
  process.stdout.write(out);
}
