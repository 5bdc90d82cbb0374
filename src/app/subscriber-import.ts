// Subscribers from CSV, for `firebridge subscriber import FILE` and POST /api/subscribers/import. The
// whole file is read and validated before anything is written — an import is all or nothing — and
// every refusal names the place an operator fixes: file:line, the column, the value.
import { STORED_HA1_ALGORITHMS, computeHa1 } from '../digest/index.js';
import type { HashAlgorithmName, Subscriber } from '../store/index.js';
import { cellProblem, FirstLines, hasControlCharacter, readHeader, readRecords, rowCells, type CsvRecord, type ImportProblem } from './csv-records.js';
import { NOT_ON_OFF, ON_OFF_HELP, ON_OFF_SPELLINGS, parseOnOff } from './on-off.js';
import { readPresentList } from './present-list.js';

export { formatImportProblem, type ImportProblem } from './csv-records.js';

/** The spellings `enabled` accepts (those of every on/off value); an empty cell means enabled. */
export const ENABLED_SPELLINGS = ON_OFF_SPELLINGS;

/** HA1 columns: H(username:realm:password) computed elsewhere, lower- or upper-case hex. */
const HA1_COLUMNS = {
  ha1_md5: { algorithm: 'MD5', hexDigits: 32 },
  ha1_sha256: { algorithm: 'SHA-256', hexDigits: 64 },
  ha1_sha512_256: { algorithm: 'SHA-512-256', hexDigits: 64 },
} as const satisfies Record<string, { algorithm: HashAlgorithmName; hexDigits: number }>;

type Ha1Column = keyof typeof HA1_COLUMNS;

/** Every column an import file may have, with what it holds (also the README's table). */
export const IMPORT_COLUMNS = {
  username: 'Digest-Username; required, unique per realm within the file',
  password: 'the SIP password; stored as HA1 only (plus in clear with --store-plaintext)',
  ha1_md5: 'instead of password: MD5(username:realm:password), 32 hex digits, computed with the row\'s realm',
  ha1_sha256: 'instead of password: SHA-256 HA1, 64 hex digits',
  ha1_sha512_256: 'instead of password: SHA-512/256 HA1, 64 hex digits',
  realm: 'digest realm; empty: digest.realm from the configuration',
  number: 'the number the subscriber registers as (tel:<number>): digits, optionally a leading +',
  cui: 'Chargeable-User-Identity of a locally configured FireBrick phone',
  max_registrations: 'most simultaneous registrations; whole number, 0 or empty = no limit',
  max_calls: 'most simultaneous calls; whole number, 0 or empty = no limit',
  present: 'numbers it may present as caller ID besides its own, comma-separated (quote the field)',
  max_duration: 'longest an answered call may last, seconds; whole number, 0 or empty = no limit of its own',
  enabled: `${ON_OFF_HELP}; empty = enabled`,
} as const;

type Column = keyof typeof IMPORT_COLUMNS;

export type ImportResult =
  | { readonly ok: true; readonly subscribers: readonly Subscriber[] }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

export function ha1Set(username: string, realm: string, password: string): Partial<Record<HashAlgorithmName, string>> {
  const out: Partial<Record<HashAlgorithmName, string>> = {};
  for (const alg of STORED_HA1_ALGORITHMS) out[alg] = computeHa1(alg, username, realm, password);
  return out;
}

/** The header row: every column known, none twice, and enough of them to identify and authenticate. */
function readSubscriberHeader(header: CsvRecord): { columns: readonly Column[] } | { problems: ImportProblem[] } {
  const { columns, problems } = readHeader(header, IMPORT_COLUMNS, ['username']);
  const all = [...problems];
  if (!columns.includes('password') && !Object.keys(HA1_COLUMNS).some((c) => columns.includes(c as Column))) {
    all.push({ line: header.line, message: 'header: no "password" column (or ha1_md5, ha1_sha256, ha1_sha512_256)' });
  }
  return all.length ? { problems: all } : { columns };
}

const NUMBER = /^\+?[0-9]+$/;
const WHOLE = /^\d+$/;

/** One data row → a subscriber, or the row's problems (each naming its column and value). */
/** A row read: who it names (when it names anyone), its problems, and the subscriber if it has none. */
interface RowRead {
  readonly who?: { readonly username: string; readonly realm: string };
  readonly problems: readonly ImportProblem[];
  readonly subscriber?: Subscriber;
}

function readRow(record: CsvRecord, columns: readonly Column[], defaultRealm: string, storePlaintext: boolean): RowRead {
  const problems: ImportProblem[] = [];
  const bad = (column: Column, value: string, why: string): void => {
    problems.push(cellProblem(record.line, column, value, why));
  };
  const read = rowCells(record, columns);
  if ('problem' in read) return { problems: [read.problem] };
  const cell = read.cells;
  const text = (column: Column): string | undefined => {
    const v = cell[column];
    if (v === undefined) return undefined;
    if (hasControlCharacter(v)) bad(column, v, 'contains a control character');
    else if (Buffer.byteLength(v) > 253) bad(column, v, 'is longer than 253 octets (RFC 2865 §5)');
    return v;
  };
  const whole = (column: Column): number | undefined => {
    const v = cell[column];
    if (v === undefined) return undefined;
    if (!WHOLE.test(v)) bad(column, v, 'is not a whole number ≥ 0');
    return Number(v);
  };

  const username = text('username');
  if (username === undefined) problems.push({ line: record.line, message: 'column "username" is empty' });
  const realm = text('realm') ?? defaultRealm;
  const password = cell.password;
  const number = text('number');
  if (number !== undefined && !NUMBER.test(number)) bad('number', number, 'is not a number (digits, optionally a leading +)');
  const cui = text('cui');
  const maxRegistrations = whole('max_registrations');
  const maxCalls = whole('max_calls');
  let present: string[] | undefined;
  if (cell.present !== undefined) {
    const read = readPresentList(cell.present);
    if ('notANumber' in read) bad('present', cell.present, `has "${read.notANumber}", which is not a telephone number`);
    else if (read.numbers.length) present = read.numbers;
  }
  const maxDuration = whole('max_duration');

  let enabled = true;
  const enabledText = cell.enabled;
  if (enabledText !== undefined) {
    const value = parseOnOff(enabledText);
    if (value === undefined) bad('enabled', enabledText, NOT_ON_OFF);
    else enabled = value;
  }

  const given: Partial<Record<HashAlgorithmName, string>> = {};
  let ha1Refused = false;
  for (const [column, { algorithm, hexDigits }] of Object.entries(HA1_COLUMNS) as Array<[Ha1Column, (typeof HA1_COLUMNS)[Ha1Column]]>) {
    const v = cell[column];
    if (v === undefined) continue;
    if (v.length !== hexDigits || !/^[0-9a-f]+$/i.test(v)) {
      bad(column, v, `is not ${hexDigits} hex digits`);
      ha1Refused = true;
    } else given[algorithm] = v.toLowerCase();
  }
  const hasHa1 = Object.keys(given).length > 0;
  if (password !== undefined && hasHa1) {
    problems.push({ line: record.line, message: 'has both "password" and an ha1 column: give one, so there is no doubt which is meant' });
  } else if (password === undefined && !hasHa1 && !ha1Refused) {
    problems.push({ line: record.line, message: 'needs a "password" (or an ha1_md5 / ha1_sha256 / ha1_sha512_256)' });
  }
  if (username === undefined) return { problems };
  const who = { username, realm };
  if (problems.length) return { who, problems };
  const subscriber: Subscriber = {
    username,
    realm,
    ha1: password !== undefined ? ha1Set(username, realm, password) : given,
    ...(password !== undefined && storePlaintext ? { password } : {}),
    ...(number !== undefined ? { number } : {}),
    ...(cui !== undefined ? { cui } : {}),
    enabled,
    ...(maxRegistrations !== undefined ? { maxRegistrations } : {}),
    ...(maxCalls !== undefined ? { maxCalls } : {}),
    ...(present ? { present } : {}),
    ...(maxDuration !== undefined ? { maxDuration } : {}),
  };
  return { who, problems, subscriber };
}

/** Parses and validates the whole file; nothing is returned to write unless every row is valid. */
export function parseSubscriberImport(text: string, defaultRealm: string, storePlaintext: boolean): ImportResult {
  const records = readRecords(text);
  if (!Array.isArray(records)) return { ok: false, problems: [records] };
  const [header, ...rows] = records;
  if (!header) return { ok: false, problems: [{ line: 1, message: 'empty file: expected a header row (username,password,…)' }] };
  const head = readSubscriberHeader(header);
  if ('problems' in head) return { ok: false, problems: head.problems };

  const problems: ImportProblem[] = [];
  const subscribers: Subscriber[] = [];
  const firstLines = new FirstLines();
  for (const record of rows) {
    const row = readRow(record, head.columns, defaultRealm, storePlaintext);
    problems.push(...row.problems);
    // Realm and username together name a subscriber (its Redis key); a second row would silently win.
    // Checked for rows with other problems too, so one pass reports everything.
    if (row.who) {
      const first = firstLines.seen(`${row.who.realm}:${row.who.username}`, record.line);
      if (first !== undefined) {
        problems.push({ line: record.line, message: `subscriber ${row.who.username}@${row.who.realm} again (first at line ${first})` });
        continue;
      }
    }
    if (row.subscriber) subscribers.push(row.subscriber);
  }
  if (rows.length === 0) problems.push({ line: header.line, message: 'no subscribers after the header row' });
  return problems.length ? { ok: false, problems } : { ok: true, subscribers };
}
