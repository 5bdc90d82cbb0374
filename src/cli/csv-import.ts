// What every `… import FILE.csv` shares: the file read into records with the line each starts on,
// the header checked against the columns the import knows, and one refusal listing every problem as
// `file:line: …`. An import is validated whole before anything is written, so the command that uses
// these writes nothing unless `problems` is empty.
import { readFileSync } from 'node:fs';
import { formatImportProblem, type ImportProblem } from '../app/csv-records.js';
import { plural } from '../text/plural.js';
import { CommandError } from './context.js';

export { cellProblem, FirstLines, formatImportProblem, hasControlCharacter, readHeader, readRecords, rowCells, type CsvRecord, type HeaderRead, type ImportProblem } from '../app/csv-records.js';

/** The file's text; a file that cannot be read is a CommandError naming it. */
export function readImportText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new CommandError(`${file}: cannot read: ${(err as Error).message}`);
  }
}

/**
 * The refusal of an import with problems, in line order (problems found in several passes — the
 * file, then the store — come out as one list): one `file:line: …` line each.
 */
export function importRefused(file: string, problems: readonly ImportProblem[]): CommandError {
  const lines = [...problems].sort((a, b) => a.line - b.line).map((p) => formatImportProblem(file, p));
  return new CommandError(`import refused, nothing written (${plural(lines.length, 'problem')}):\n${lines.join('\n')}`);
}
