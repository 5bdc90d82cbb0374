// Ring groups from CSV, one row per group, for `firebridge group import FILE` and POST
// /api/groups/import. The whole file is read and validated before anything is written — an import
// is all or nothing — and every refusal names the place an operator fixes: file:line, the column,
// the value (a member that is no destination, say).
import {
  checkGroupName,
  checkGroupNumber,
  DEFAULT_MEMBER_DELAY_SECONDS,
  formatDestination,
  GROUP_STRATEGIES,
  isGroupStrategy,
  readDestination,
  type GroupStrategy,
  type RingGroup,
} from '../rules/groups/index.js';
import type { RouteTarget } from '../firebrick/route-plan.js';
import { cellProblem, FirstLines, readHeader, readRecords, rowCells, type ImportProblem } from './csv-records.js';

/** Every column an import file may have, with what it holds (also the README's table). */
export const GROUP_IMPORT_COLUMNS = {
  name: 'the group name: a letter, then letters, digits, _ . -; required, once per file',
  number: 'the dialled number that reaches it; empty: none',
  strategy: `${GROUP_STRATEGIES.join(', ')}; empty: all`,
  delay: `cascade and round-robin: seconds between members, 1-999; empty: ${DEFAULT_MEMBER_DELAY_SECONDS}`,
  members: 'the members in ring order, separated by spaces (or commas, quoting the field); required',
  fallback: 'where the call goes when no member answers; empty: none',
  ring_time: 'seconds the members ring before the fallback starts, 1-999; empty: no limit',
} as const;

type Column = keyof typeof GROUP_IMPORT_COLUMNS;

export interface GroupImportRow {
  readonly line: number;
  readonly group: RingGroup;
}

export interface GroupImport {
  readonly rows: readonly GroupImportRow[];
  readonly problems: readonly ImportProblem[];
}

function seconds(line: number, column: Column, text: string | undefined, problems: ImportProblem[]): number | undefined {
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 999) return Number(text);
  problems.push(cellProblem(line, column, text, 'is not whole seconds from 1 to 999'));
  return undefined;
}

function destination(line: number, column: Column, text: string, problems: ImportProblem[]): RouteTarget | undefined {
  const read = readDestination(text);
  if (read.ok) return read.value;
  problems.push(cellProblem(line, column, text, read.why));
  return undefined;
}

export function parseGroupImport(text: string): GroupImport {
  const records = readRecords(text);
  if (!Array.isArray(records)) return { rows: [], problems: [records] };
  const [header, ...data] = records;
  if (!header) return { rows: [], problems: [{ line: 1, message: 'empty file: expected a header row' }] };
  const read = readHeader(header, GROUP_IMPORT_COLUMNS, ['name', 'members']);
  if (read.problems.length) return { rows: [], problems: read.problems };
  const problems: ImportProblem[] = [];
  const rows: GroupImportRow[] = [];
  const names = new FirstLines();
  const numbers = new FirstLines();
  for (const record of data) {
    const split = rowCells(record, read.columns);
    if ('problem' in split) {
      problems.push(split.problem);
      continue;
    }
    const { cells } = split;
    const line = record.line;
    const before = problems.length;
    const name = cells.name ?? '';
    const checkedName = checkGroupName(name);
    if (!checkedName.ok) problems.push(cellProblem(line, 'name', name, checkedName.why));
    else {
      const first = names.seen(name, line);
      if (first !== undefined) problems.push(cellProblem(line, 'name', name, `is on line ${first} already`));
    }
    let number: string | undefined;
    if (cells.number !== undefined) {
      const checked = checkGroupNumber(cells.number);
      if (!checked.ok) problems.push(cellProblem(line, 'number', cells.number, checked.why));
      else {
        const first = numbers.seen(checked.value, line);
        if (first !== undefined) problems.push(cellProblem(line, 'number', cells.number, `reaches the group on line ${first} already`));
        number = checked.value;
      }
    }
    let strategy: GroupStrategy = 'all';
    if (cells.strategy !== undefined) {
      if (isGroupStrategy(cells.strategy)) strategy = cells.strategy;
      else problems.push(cellProblem(line, 'strategy', cells.strategy, `is not one of ${GROUP_STRATEGIES.join(', ')}`));
    }
    const members: RouteTarget[] = [];
    const texts = (cells.members ?? '').split(/[\s,]+/).filter((m) => m !== '');
    if (texts.length === 0) problems.push({ line, message: 'column "members": no member' });
    for (const m of texts) {
      const target = destination(line, 'members', m, problems);
      if (!target) continue;
      if (members.some((o) => formatDestination(o) === formatDestination(target))) problems.push(cellProblem(line, 'members', m, 'is a member twice'));
      else members.push(target);
    }
    const fallback = cells.fallback !== undefined ? destination(line, 'fallback', cells.fallback, problems) : undefined;
    const delaySeconds = seconds(line, 'delay', cells.delay, problems) ?? DEFAULT_MEMBER_DELAY_SECONDS;
    const ringSeconds = seconds(line, 'ring_time', cells.ring_time, problems);
    if (problems.length > before) continue;
    rows.push({
      line,
      group: {
        name,
        ...(number !== undefined ? { number } : {}),
        members,
        strategy,
        delaySeconds,
        ...(fallback ? { fallback } : {}),
        ...(ringSeconds !== undefined ? { ringSeconds } : {}),
      },
    });
  }
  if (data.length === 0 && problems.length === 0) problems.push({ line: header.line, message: 'no groups after the header row' });
  return { rows, problems };
}
