// `firebridge fax account import FILE` and `fax did import FILE`: the file read and validated whole,
// as pure functions — every problem named `line: column "x": "value" why`, a key given twice named
// with both lines. What needs the store (does a DID's account exist? is a UUID someone else's?) is
// checked by the command afterwards, before anything is written.
import { accountKey, type FaxDid } from '../faxback/records.js';
import { cellProblem, FirstLines, readHeader, readRecords, rowCells, type CsvRecord, type ImportProblem } from './csv-import.js';
import { accountName, applyFields, did, passwordText, text, uuid, type Field, type FieldProblem, type Parsed } from './fax-fields.js';
import { ACCOUNT_DEFAULTS, ACCOUNT_FIELDS, DID_DEFAULTS, DID_FIELDS, type AccountSettings, type DidSettings } from '../app/fax-settings.js';

/**
 * The rows read without a problem, and every problem: the file is valid when there are none. The rows
 * are returned also when some are bad, so the command checks them against the store too and one
 * refusal lists everything.
 */
export interface FaxImportResult<R> {
  readonly rows: readonly R[];
  readonly problems: readonly ImportProblem[];
}

/** One row read: the key it names (for "again"), its problems, and the row when it has none. */
interface RowRead<R> {
  /** What makes two rows the same record (a name in lower case); `again` is told the row's own spelling. */
  readonly key?: { readonly same: string; readonly shown: string };
  readonly problems: readonly ImportProblem[];
  readonly row?: R;
}

/** Records → header → rows, every problem of every row in one pass; `again` words a repeated key. */
function parseRows<R>(
  text: string,
  known: Readonly<Record<string, string>>,
  required: readonly string[],
  what: string,
  readRow: (record: CsvRecord, cells: Partial<Record<string, string>>) => RowRead<R>,
  again: (shown: string, first: number) => string,
): FaxImportResult<R> {
  const records = readRecords(text);
  if (!Array.isArray(records)) return { rows: [], problems: [records] };
  const [header, ...data] = records;
  if (!header) return { rows: [], problems: [{ line: 1, message: `empty file: expected a header row (${required.join(',')},…)` }] };
  const head = readHeader(header, known, required);
  if (head.problems.length) return { rows: [], problems: head.problems };
  const problems: ImportProblem[] = [];
  const rows: R[] = [];
  const firstLines = new FirstLines();
  for (const record of data) {
    const cells = rowCells(record, head.columns);
    if ('problem' in cells) {
      problems.push(cells.problem);
      continue;
    }
    const read = readRow(record, cells.cells);
    problems.push(...read.problems);
    // Checked for rows with other problems too, so one pass reports everything.
    if (read.key !== undefined) {
      const first = firstLines.seen(read.key.same, record.line);
      if (first !== undefined) {
        problems.push({ line: record.line, message: again(read.key.shown, first) });
        continue;
      }
    }
    if (read.row) rows.push(read.row);
  }
  if (data.length === 0) problems.push({ line: header.line, message: `no ${what} after the header row` });
  return { rows, problems };
}

function fieldProblems<S>(line: number, problems: ReadonlyArray<FieldProblem<S>>): ImportProblem[] {
  return problems.map((p) => cellProblem(line, p.field.column, p.value, p.why));
}

function columnsOf<S>(fields: ReadonlyArray<Field<S>>): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.column, f.help]));
}

/** Every column of an account import, with what it holds (also the README's table). */
export const ACCOUNT_IMPORT_COLUMNS: Readonly<Record<string, string>> = {
  name: 'the account name (spec §1.4: 1–16 bytes; 64 characters in UUID mode); required; once per file, in any case',
  password: 'the login password, stored as a scrypt hash (also in clear with --store-clear-password); empty: none, the account cannot log in',
  uuid: 'FB-Account-UUID to keep when moving accounts from another server (32 hex digits, dashes allowed); empty: an existing account keeps its own, a new one gets a random one',
  ...columnsOf(ACCOUNT_FIELDS),
};

export { passwordText };

export interface AccountRow {
  readonly line: number;
  readonly name: string;
  readonly password?: string;
  readonly uuid?: string;
  readonly settings: AccountSettings;
}

/**
 * Accounts from CSV. A row is the whole account: an empty cell is the port server's default, an empty
 * password none. `uuidMode`: some faxback client in the configuration has uuidMode on (names up to 64 characters).
 */
export function parseAccountImport(csv: string, uuidMode: boolean): FaxImportResult<AccountRow> {
  const readName = accountName(uuidMode);
  return parseRows<AccountRow>(
    csv,
    ACCOUNT_IMPORT_COLUMNS,
    ['name'],
    'accounts',
    (record, cells) => {
      const problems: ImportProblem[] = [];
      const line = record.line;
      const read = <T>(column: string, parse: (t: string) => Parsed<T>): T | undefined => {
        const v = cells[column];
        if (v === undefined) return undefined;
        const parsed = parse(v);
        if (parsed.ok) return parsed.value;
        // A password is never echoed, not even a refused one.
        problems.push(column === 'password' ? { line, message: `column "password": the password ${parsed.why}` } : cellProblem(line, column, v, parsed.why));
        return undefined;
      };
      const nameText = cells.name;
      const name = read('name', readName);
      const password = read('password', passwordText);
      const id = read('uuid', uuid);
      if (nameText === undefined) problems.unshift({ line, message: 'column "name" is empty' });
      const settings = applyFields<AccountSettings>(ACCOUNT_FIELDS, ACCOUNT_DEFAULTS, ACCOUNT_DEFAULTS, (f) => cells[f.column]);
      problems.push(...fieldProblems(line, settings.problems));
      const failover = settings.value.failoverAccount;
      if (nameText !== undefined && failover !== undefined && accountKey(failover) === accountKey(nameText)) {
        problems.push(cellProblem(line, 'failover', failover, 'is the account itself'));
      }
      const key = nameText === undefined ? undefined : { same: accountKey(nameText), shown: nameText };
      if (problems.length || name === undefined) return { ...(key ? { key } : {}), problems };
      const row: AccountRow = { line, name, ...(password !== undefined ? { password } : {}), ...(id !== undefined ? { uuid: id } : {}), settings: settings.value };
      return { ...(key ? { key } : {}), problems, row };
    },
    (shown, first) => `account "${shown}" again (first at line ${first}; names compare case-insensitively)`,
  );
}

/** Every column of a DID import, with what it holds (also the README's table). */
export const DID_IMPORT_COLUMNS: Readonly<Record<string, string>> = {
  did: 'the DID, or * for the catch-all; required; once per file',
  account: 'the account the DID routes to; required; must exist',
  ...columnsOf(DID_FIELDS),
};

export interface DidRow {
  readonly line: number;
  /** With the account as the file names it; the command replaces it with the stored spelling. */
  readonly did: FaxDid;
}

/** DIDs from CSV. A row is the whole DID: an empty cell is the port server's default. */
export function parseDidImport(csv: string): FaxImportResult<DidRow> {
  return parseRows<DidRow>(
    csv,
    DID_IMPORT_COLUMNS,
    ['did', 'account'],
    'DIDs',
    (record, cells) => {
      const problems: ImportProblem[] = [];
      const line = record.line;
      const settings = applyFields<DidSettings>(DID_FIELDS, DID_DEFAULTS, DID_DEFAULTS, (f) => cells[f.column]);
      const didText = cells.did;
      const account = cells.account;
      if (didText === undefined) problems.push({ line, message: 'column "did" is empty' });
      const parsed = didText === undefined ? undefined : did(didText);
      if (parsed && !parsed.ok && didText !== undefined) problems.push(cellProblem(line, 'did', didText, parsed.why));
      if (account === undefined) problems.push({ line, message: 'column "account" is empty' });
      problems.push(...fieldProblems(line, settings.problems));
      const key = didText === undefined ? undefined : { same: didText, shown: didText };
      if (problems.length || !parsed?.ok || account === undefined) return { ...(key ? { key } : {}), problems };
      return { ...(key ? { key } : {}), problems, row: { line, did: { did: parsed.value, account, ...settings.value } } };
    },
    (shown, first) => `DID "${shown}" again (first at line ${first})`,
  );
}
