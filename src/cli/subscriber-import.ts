// `firebridge subscriber import FILE`: subscribers from CSV. The whole file is read and validated
// before anything is written — an import is all or nothing — and every refusal names the place an
// operator fixes: file:line, the column, the value.
import { parse as parseCsv } from 'csv-parse/sync';
import { plural } from '../config/plural.js';
import { STORED_HA1_ALGORITHMS, computeHa1 } from '../digest/index.js';
import type { HashAlgorithmName, Subscriber } from '../store/index.js';

/** The spellings `enabled` accepts, case-insensitive; an empty cell means enabled. */
export const ENABLED_SPELLINGS = {
  true: ['1', 'true', 'yes', 'y', 'on', 'enabled'],
  false: ['0', 'false', 'no', 'n', 'off', 'disabled'],
} as const;

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
  enabled: `${ENABLED_SPELLINGS.true.join('/')} or ${ENABLED_SPELLINGS.false.join('/')}; empty = enabled`,
} as const;

type Column = keyof typeof IMPORT_COLUMNS;

export interface ImportProblem {
  readonly line: number;
  readonly message: string;
}

export type ImportResult =
  | { readonly ok: true; readonly subscribers: readonly Subscriber[] }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

export function formatImportProblem(file: string, p: ImportProblem): string {
  return `${file}:${p.line}: ${p.message}`;
}

function isColumn(name: string): name is Column {
  return Object.hasOwn(IMPORT_COLUMNS, name);
}

export function ha1Set(username: string, realm: string, password: string): Partial<Record<HashAlgorithmName, string>> {
  const out: Partial<Record<HashAlgorithmName, string>> = {};
  for (const alg of STORED_HA1_ALGORITHMS) out[alg] = computeHa1(alg, username, realm, password);
  return out;
}

interface CsvRecord {
  readonly fields: readonly string[];
  /** Where the record starts (a quoted field may span lines). */
  readonly line: number;
}

interface CsvInfo {
  readonly lines: number;
  readonly comment_lines: number;
  readonly empty_lines: number;
}

function readRecords(text: string): CsvRecord[] | ImportProblem {
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

/** The header row: every column known, none twice, and enough of them to identify and authenticate. */
function readHeader(header: CsvRecord): { columns: Column[] } | { problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  const columns: Column[] = [];
  header.fields.forEach((raw, i) => {
    const name = raw.toLowerCase();
    const position = `column ${i + 1}`;
    if (!isColumn(name)) {
      problems.push({ line: header.line, message: `header ${position}: unknown column "${raw}" (columns: ${Object.keys(IMPORT_COLUMNS).join(', ')})` });
      return;
    }
    const first = seen.get(name);
    if (first !== undefined) problems.push({ line: header.line, message: `header ${position}: column "${name}" again (also column ${first + 1})` });
    seen.set(name, i);
    columns.push(name);
  });
  if (!seen.has('username')) problems.push({ line: header.line, message: 'header: no "username" column' });
  if (!seen.has('password') && !Object.keys(HA1_COLUMNS).some((c) => seen.has(c))) {
    problems.push({ line: header.line, message: 'header: no "password" column (or ha1_md5, ha1_sha256, ha1_sha512_256)' });
  }
  return problems.length ? { problems } : { columns };
}

const NUMBER = /^\+?[0-9]+$/;
const WHOLE = /^\d+$/;
// Control characters cannot be typed by a phone and would corrupt log lines and Redis key names.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

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
    problems.push({ line: record.line, message: `column "${column}": ${JSON.stringify(value)} ${why}` });
  };
  if (record.fields.length !== columns.length) {
    return { problems: [{ line: record.line, message: `${plural(record.fields.length, 'field')}, the header has ${columns.length}` }] };
  }
  const cell: Partial<Record<Column, string>> = {};
  columns.forEach((c, i) => {
    const v = record.fields[i] ?? '';
    if (v !== '') cell[c] = v;
  });
  const text = (column: Column): string | undefined => {
    const v = cell[column];
    if (v === undefined) return undefined;
    if (CONTROL.test(v)) bad(column, v, 'contains a control character');
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

  let enabled = true;
  const enabledText = cell.enabled;
  if (enabledText !== undefined) {
    const lower = enabledText.toLowerCase();
    if ((ENABLED_SPELLINGS.false as readonly string[]).includes(lower)) enabled = false;
    else if (!(ENABLED_SPELLINGS.true as readonly string[]).includes(lower)) {
      bad('enabled', enabledText, `is neither true (${ENABLED_SPELLINGS.true.join(', ')}) nor false (${ENABLED_SPELLINGS.false.join(', ')})`);
    }
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
  };
  return { who, problems, subscriber };
}

/** Parses and validates the whole file; nothing is returned to write unless every row is valid. */
export function parseSubscriberImport(text: string, defaultRealm: string, storePlaintext: boolean): ImportResult {
  const records = readRecords(text);
  if (!Array.isArray(records)) return { ok: false, problems: [records] };
  const [header, ...rows] = records;
  if (!header) return { ok: false, problems: [{ line: 1, message: 'empty file: expected a header row (username,password,…)' }] };
  const head = readHeader(header);
  if ('problems' in head) return { ok: false, problems: head.problems };

  const problems: ImportProblem[] = [];
  const subscribers: Subscriber[] = [];
  const firstLineOf = new Map<string, number>();
  for (const record of rows) {
    const row = readRow(record, head.columns, defaultRealm, storePlaintext);
    problems.push(...row.problems);
    // Realm and username together name a subscriber (its Redis key); a second row would silently win.
    // Checked for rows with other problems too, so one pass reports everything.
    if (row.who) {
      const key = `${row.who.realm}:${row.who.username}`;
      const first = firstLineOf.get(key);
      if (first !== undefined) {
        problems.push({ line: record.line, message: `subscriber ${row.who.username}@${row.who.realm} again (first at line ${first})` });
        continue;
      }
      firstLineOf.set(key, record.line);
    }
    if (row.subscriber) subscribers.push(row.subscriber);
  }
  if (rows.length === 0) problems.push({ line: header.line, message: 'no subscribers after the header row' });
  return problems.length ? { ok: false, problems } : { ok: true, subscribers };
}
