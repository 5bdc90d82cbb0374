// The FaxBack dictionary the server runs with (FaxBack spec §8): the built-in numbers, with the
// operator's vendor file (`faxback.dictionary`) merged over them. Read once at start; a bad file, or
// a port server whose settings need an attribute nothing numbers, stops the start with the reason.
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import { formatProblem, SourceError } from '../../text/yaml-validation.js';
import {
  loadDictionary,
  parseDictionaryFile,
  profileRequirementProblems,
  unnumberedReplyAttributes,
  type FaxbackDictionary,
} from '../../faxback/index.js';

/** The dictionary file's problems, each as file:line:column: told apart from the rules' when the start is refused. */
export class DictionaryFileError extends SourceError {
  override name = 'DictionaryFileError';
}

export function openFaxbackDictionary(config: Config, logger: Logger): FaxbackDictionary {
  const path = config.faxback.dictionary;
  let file;
  if (path !== undefined) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`faxback.dictionary ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
    const parsed = parseDictionaryFile(text, path);
    if (!parsed.ok) throw new DictionaryFileError(parsed.problems);
    file = parsed.dictionary;
  }
  const { dictionary, warnings } = loadDictionary(file);
  // Loud: a number that differs from the one decoded off the manual's packets changes what is sent.
  for (const w of warnings) logger.warn({ dictionary: path }, `FaxBack dictionary overrides a built-in number: ${formatProblem(w)}`);

  const problems = portServerProblems(config.clients, dictionary);
  if (problems.length) throw new Error(problems.join('\n'));
  if (config.clients.some((c) => c.kind === 'faxback')) {
    const unnumbered = unnumberedReplyAttributes(dictionary);
    if (unnumbered.length) {
      logger.warn(
        { unnumbered, dictionary: path ?? 'built-in' },
        `${unnumbered.length} FaxBack reply attributes have no number and cannot be sent (disabled accounts and DIDs get Access-Reject instead of the 0 flag); load the vendor dictionary with faxback.dictionary`,
      );
    }
  }
  return dictionary;
}

/**
 * Why these port servers cannot be served with this dictionary: each setting that needs an attribute
 * the dictionary leaves unnumbered, named by the setting so the operator turns it off or numbers the
 * attribute. Checked at start and again when SIGHUP brings a new client table.
 */
export function portServerProblems(clients: Config['clients'], dictionary: FaxbackDictionary): string[] {
  return clients.flatMap((c, index) =>
    c.kind !== 'faxback'
      ? []
      : profileRequirementProblems(c.faxback, dictionary).map(
          (p) => `${p.setting === 'dictionary' ? 'faxback.dictionary' : `clients[${index}].faxback.${p.setting}`}: client "${c.name}": ${p.message}`,
        ),
  );
}
