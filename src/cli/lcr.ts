// `firebridge lcr import|show|list|del`: least-cost routing tables (README → Least-cost routing),
// in the store every instance shares. `show` runs the selection the rule leg `lcr:` runs.
import type { Command } from 'commander';
import { plural } from '../text/plural.js';
import { lcrChoice, lcrInfo, lcrTableSize, lcrTableView } from '../app/lcr.js';
import { LCR_NUMBER, LCR_TABLE_NAME } from '../rules/lcr/index.js';
import { LcrImportRaceError } from '../store/index.js';
import { importRefused, readImportText } from './csv-import.js';
import { auditCommand } from './audit-change.js';
import { CommandError, withCommandContext, type CommandContext } from './context.js';
import { parseLcrImport } from '../app/lcr-import.js';
import { configOption, mergedOptions } from './options.js';
import { jsonListOption, jsonObjectOption, printFields, printTable, writeJsonLine, writeJsonLines } from './output.js';

interface LcrOptions {
  config?: string;
  json?: boolean;
  dryRun?: boolean;
  number?: string;
  at?: string;
}

function tableName(name: string): string {
  if (!LCR_TABLE_NAME.test(name)) throw new CommandError(`${JSON.stringify(name)}: an LCR table name is letters, digits, ".", "_" or "-" (at most 64)`, 2);
  return name;
}

const infoRow = lcrInfo;

function whenOf(at: string | undefined): Date {
  const when = at === undefined ? new Date() : new Date(at);
  if (Number.isNaN(when.getTime())) throw new CommandError(`--at ${at}: not a date/time (use ISO 8601, e.g. 2026-11-22T09:00Z)`, 2);
  return when;
}

async function withLcr(cmd: Command, fn: (ctx: CommandContext, opts: LcrOptions) => Promise<void>): Promise<void> {
  const opts = mergedOptions<LcrOptions>(cmd);
  await withCommandContext(opts.config, (ctx) => fn(ctx, opts));
}

/** Which entries route `number` at `at`, and the legs they become (what the rule leg would place). */
async function showNumber(ctx: CommandContext, table: string, number: string, at: Date, json: boolean): Promise<void> {
  if (!LCR_NUMBER.test(number)) throw new CommandError(`--number ${number}: not a number (digits, optionally a leading +)`, 2);
  const choice = await lcrChoice(ctx.store, table, number, at);
  if (choice === undefined) throw new CommandError(`no LCR table ${table} (see "firebridge lcr list")`);
  if (json) return writeJsonLine(choice);
  process.stdout.write(`${choice.note}\n`);
  if (choice.legs.length) printTable(['leg', 'prefix', 'carrier', 'priority', 'rate', 'window'], choice.legs);
}

/** Every entry, by prefix, in the order selection tries them, and whether it may be used at `at`. */
async function showTable(ctx: CommandContext, table: string, at: Date, json: boolean): Promise<void> {
  const held = await ctx.store.lcr.table(table);
  if (!held) throw new CommandError(`no LCR table ${table} (see "firebridge lcr list")`);
  const { entries, ...info } = lcrTableView(held, at);
  if (json) return writeJsonLine({ ...info, entries });
  printFields(info);
  printTable(['prefix', 'carrier', 'priority', 'rate', 'window', 'strip', 'prepend', 'now'], entries);
}

export function registerLcr(program: Command): void {
  const lcr = program.command('lcr').description('least-cost routing tables: carriers per number prefix, for the rule leg "lcr:"');

  lcr
    .command('import <table> <file>')
    .description('create or replace a table from CSV (prefix,carrier,priority,rate[,window][,strip][,prepend]); all or nothing')
    .option(...configOption)
    .option('--dry-run', 'validate the file and say what would be imported; write nothing')
    .option(...jsonObjectOption('what was imported'))
    .action(async (table: string, file: string, _opts: unknown, cmd: Command) => {
      const opts = mergedOptions<LcrOptions>(cmd);
      tableName(table);
      const result = parseLcrImport(readImportText(file));
      if (!result.ok) throw importRefused(file, result.problems);
      const prefixes = new Set(result.entries.map((e) => e.prefix)).size;
      const summary = { table, file, entries: result.entries.length, prefixes };
      if (opts.dryRun) {
        if (opts.json) return writeJsonLine({ ...summary, dryRun: true });
        return void process.stdout.write(`${file}: ${plural(result.entries.length, 'entry', 'entries')} (${plural(prefixes, 'prefix', 'prefixes')}) valid for LCR table ${table}; nothing written (--dry-run)\n`);
      }
      await withCommandContext(opts.config, async (ctx) => {
        const before = (await ctx.store.lcr.list()).find((t) => t.name === table);
        try {
          await ctx.store.lcr.replace(table, result.entries, file);
        } catch (err) {
          if (err instanceof LcrImportRaceError) throw new CommandError(err.message);
          throw err;
        }
        await auditCommand(ctx.store, { subject: `lcr:${table}`, what: 'lcr import', before: lcrTableSize(before), after: { entries: result.entries.length, prefixes } });
        if (opts.json) writeJsonLine({ ...summary, dryRun: false });
        else process.stdout.write(`LCR table ${table}: imported ${plural(result.entries.length, 'entry', 'entries')} (${plural(prefixes, 'prefix', 'prefixes')}) from ${file}\n`);
      });
    });

  lcr
    .command('show <table>')
    .description('a table\'s entries and whether each may be used now; with --number, the carriers that would be chosen and why')
    .option(...configOption)
    .option('--number <number>', 'the number to route (as the rule leg would look it up)')
    .option('--at <time>', 'judge time windows at this time (ISO 8601), not now')
    .option(...jsonObjectOption('the table or the choice'))
    .action(async (table: string, _opts: unknown, cmd: Command) => {
      tableName(table);
      await withLcr(cmd, async (ctx, opts) => {
        const at = whenOf(opts.at);
        if (opts.number !== undefined) await showNumber(ctx, table, opts.number, at, opts.json === true);
        else await showTable(ctx, table, at, opts.json === true);
      });
    });

  lcr
    .command('list')
    .description('every LCR table, with its size and when it was imported')
    .option(...configOption)
    .option(...jsonListOption('table'))
    .action(async (_opts: unknown, cmd: Command) =>
      withLcr(cmd, async (ctx, opts) => {
        const tables = await ctx.store.lcr.list();
        if (opts.json) writeJsonLines(tables.map(infoRow));
        else printTable(['table', 'entries', 'prefixes', 'imported', 'source'], tables.map(infoRow));
      }),
    );

  lcr
    .command('del <table>')
    .description('delete a table (rule legs using it are then skipped, noted "no LCR table")')
    .option(...configOption)
    .option(...jsonObjectOption('what was deleted'))
    .action(async (table: string, _opts: unknown, cmd: Command) => {
      tableName(table);
      await withLcr(cmd, async (ctx, opts) => {
        const before = (await ctx.store.lcr.list()).find((t) => t.name === table);
        const deleted = await ctx.store.lcr.delete(table);
        if (!deleted) throw new CommandError(`no LCR table ${table}`);
        await auditCommand(ctx.store, { subject: `lcr:${table}`, what: 'lcr del', before: lcrTableSize(before) });
        if (opts.json) writeJsonLine({ table, deleted });
        else process.stdout.write(`LCR table ${table}: deleted\n`);
      });
    });
}
