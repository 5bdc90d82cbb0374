// `firebridge regs`: what is registered where, read from the store the server writes.
import type { Command } from 'commander';
import { plural } from '../text/plural.js';
import type { Binding } from '../firebrick/registration.js';
import { findBindings } from '../app/registrations.js';
import { CommandError, withCommandContext } from './context.js';
import { configOption, mergedOptions } from './options.js';
import { jsonListOption, printTable, writeJsonLines } from './output.js';

interface RegsOptions {
  config?: string;
  number?: string;
  subscriber?: string;
  firebrick?: string;
  json?: boolean;
}

function row(b: Binding, now: number): Record<string, unknown> {
  return {
    number: b.number,
    subscriber: b.subscriber,
    contact: b.contact ?? '-',
    source: b.sourceAddress ? `${b.sourceAddress}:${b.sourcePort ?? '?'}${b.behindNat ? ' (NAT)' : ''}` : '-',
    userAgent: b.userAgent ?? '-',
    firebrick: b.nasIdentifier ? `${b.firebrick} (${b.nasIdentifier})` : b.firebrick,
    expiresIn: `${Math.max(0, Math.round((b.expiresAt - now) / 1000))}s`,
  };
}

const COLUMNS = ['number', 'subscriber', 'contact', 'source', 'userAgent', 'firebrick', 'expiresIn'];

function print(bindings: readonly Binding[], json: boolean): void {
  if (json) return writeJsonLines(bindings);
  const now = Date.now();
  printTable(COLUMNS, bindings.map((b) => row(b, now)));
}

export function registerRegs(program: Command): void {
  const regs = program
    .command('regs')
    .description('list current registrations (bindings)')
    .option(...configOption)
    .option('--number <number>', 'only this number')
    .option('--subscriber <user>', 'only this subscriber ("user" or "realm:user")')
    .option('--firebrick <name>', 'only via this FireBrick (client name or NAS-Identifier)')
    .option(...jsonListOption('binding'))
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = mergedOptions<RegsOptions>(cmd);
      await withCommandContext(opts.config, async (ctx) => {
        const filtered = await findBindings(ctx.store, opts);
        print(filtered, opts.json === true);
      });
    });

  regs
    .command('show <number>')
    .description('the bindings of one number (exit status 3 when it has none)')
    .option(...configOption)
    .option(...jsonListOption('binding'))
    .action(async (number: string, _opts: unknown, cmd: Command) => {
      const opts = mergedOptions<RegsOptions>(cmd);
      await withCommandContext(opts.config, async (ctx) => {
        const bindings = await ctx.store.registrations.bindings(number);
        // The exit status says the same with --json as without: an empty listing prints nothing.
        if (bindings.length === 0) throw new CommandError(`${number} is not registered`, 3);
        print(bindings, opts.json === true);
      });
    });

  regs
    .command('flush <number>')
    .description('remove every binding of a number')
    .option(...configOption)
    .action(async (number: string, _opts: unknown, cmd: Command) => {
      const opts = mergedOptions<RegsOptions>(cmd);
      await withCommandContext(opts.config, async (ctx) => {
        const removed = await ctx.store.registrations.flush(number);
        process.stdout.write(`removed ${plural(removed, 'binding')} of ${number}\n`);
      });
    });
}
