import Table from 'cli-table3';
import { plural } from '../config/plural.js';

/** A plain table for terminals; `--json` is the machine-readable form of every listing. */
export function printTable(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): void {
  const table = new Table({ head: [...columns], style: { head: [], border: [] } });
  for (const r of rows) table.push(columns.map((c) => (r[c] === null || r[c] === undefined ? '-' : String(r[c]))));
  process.stdout.write(`${table.toString()}\n${plural(rows.length, 'row')}\n`);
}
