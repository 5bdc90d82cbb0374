// What every `firebridge fax …` command shares: `--config` and `--json` on every word of the command
// (so they may stand anywhere, as for the voice commands: options.ts mergedOptions), the store opened
// as every operator command opens it, and refusals that name the command and what it was about:
// `fax did add 5551231234: no fax account "bob"`.
import type { Command } from 'commander';
import type { Config } from '../config/schema.js';
import { accountKey, type FaxAccount } from '../faxback/records.js';
import type { FaxStore } from '../store/index.js';
import { CommandError, withCommandContext, type CommandContext } from './context.js';
import type { FieldProblem, Parsed } from './fax-fields.js';
import { configOption, mergedOptions } from './options.js';
import { jsonListOption, jsonObjectOption, printFields, printTable, writeJsonLine, writeJsonLines } from './output.js';

/** Every option of every fax command, as mergedOptions gives them (values are commander's). */
export type FaxOptions = Readonly<Record<string, unknown>> & { readonly config?: string; readonly json?: boolean };

/** A command group (`fax`, `fax account`): its own `--config` and `--json` apply to its subcommands. */
export function faxGroup(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .option(...configOption)
    .option('--json', 'print NDJSON: one JSON object per line (one per listed item)');
}

/** A command that lists things (`--json`: one object per item) or is about one thing (exactly one line). */
export function faxCommand(group: Command, nameAndArgs: string, description: string, json: { list: string } | { object: string }): Command {
  return group
    .command(nameAndArgs)
    .description(description)
    .option(...configOption)
    .option(...('list' in json ? jsonListOption(json.list) : jsonObjectOption(json.object)));
}

/** `fax did add`: the command words, as refusals begin. */
export function commandPath(cmd: Command): string {
  const words: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) words.unshift(c.name());
  return words.join(' ');
}

export interface FaxRun {
  readonly ctx: CommandContext;
  readonly fax: FaxStore;
  readonly opts: FaxOptions;
}

/**
 * Runs a fax command with the store open. `subject` is what the command is about (a name, a DID, a
 * file); every CommandError from the body — a refusal, exit status 1 — is prefixed with the command
 * and its subject.
 */
export async function runFax(cmd: Command, subject: string | undefined, body: (run: FaxRun) => Promise<void>): Promise<void> {
  const opts = mergedOptions<FaxOptions>(cmd);
  const prefix = `${commandPath(cmd)}${subject !== undefined ? ` ${subject}` : ''}: `;
  try {
    await withCommandContext(opts.config, (ctx) => body({ ctx, fax: ctx.store.fax, opts }));
  } catch (err) {
    if (err instanceof CommandError) throw new CommandError(`${prefix}${err.message}`, err.exitCode);
    throw err;
  }
}

/**
 * Names of up to 64 characters are allowed only when some FaxBack client runs in UUID mode (spec §6):
 * without it the port server maps names to 16-byte UUIDs itself and a longer name cannot log in.
 */

/** The account, found case-insensitively (spec §1.4), or a refusal naming it. */
export async function requireAccount(fax: FaxStore, name: string, what = ''): Promise<FaxAccount> {
  const account = await fax.account(name);
  if (!account) throw new CommandError(`${what}no fax account ${JSON.stringify(name)}`);
  return account;
}


/** One option's value read by its parser, or a refusal: `--mac: "zz" is not a MAC address …`. */
export function readOption<T>(flag: string, text: string, parse: (t: string) => Parsed<T>): T {
  const parsed = parse(text);
  if (!parsed.ok) throw new CommandError(`${flag}: ${JSON.stringify(text)} ${parsed.why}`);
  return parsed.value;
}

/** Option problems as one refusal: `--send: "maybe" is neither …; --type: "x" is not …`. */
export function optionProblems<S>(problems: ReadonlyArray<FieldProblem<S>>): CommandError | undefined {
  if (problems.length === 0) return undefined;
  return new CommandError(problems.map((p) => `${(p.field.flags ?? p.field.column).split(' ')[0]}: ${JSON.stringify(p.value)} ${p.why}`).join('; '));
}

/** A command about one thing: one JSON line, or `key value` lines. */
export function printOne(opts: FaxOptions, record: Readonly<Record<string, unknown>>): void {
  if (opts.json) writeJsonLine(record);
  else printFields(record);
}

/** A listing: one JSON line per item (none when empty), or a table of `columns`. */
export function printList(opts: FaxOptions, columns: readonly string[], records: ReadonlyArray<Record<string, unknown>>): void {
  if (opts.json) writeJsonLines(records);
  else printTable(columns, records);
}

/** A change done: one JSON line with `--json`, else the sentence. */
export function printDone(opts: FaxOptions, sentence: string, record: Readonly<Record<string, unknown>>): void {
  if (opts.json) writeJsonLine(record);
  else process.stdout.write(`${sentence}\n`);
}

export { sameAccount, uuidModeInUse } from '../app/fax-accounts.js';
