#!/usr/bin/env node
import { Command } from 'commander';
import { CommandError } from './context.js';
import { registerCalls } from './calls.js';
import { registerLab } from '../lab/cli.js';
import { registerRegs } from './regs.js';
import { registerRules } from './rules.js';
import { registerServe } from './serve.js';
import { registerSubscriber } from './subscriber.js';

const program = new Command();
program
  .name('firebridge')
  .description('RADIUS server for FireBrick VoIP: digest authentication, registrations, call routing, accounting')
  .version('0.1.0')
  .showHelpAfterError()
  // Each option belongs to the command word it follows, so a subcommand's own --json or --config is
  // never taken by its parent (`regs show 201 --json`); subcommands read their parents' options
  // through mergedOptions. Inherited by every command registered below.
  .enablePositionalOptions();

registerServe(program);
registerSubscriber(program);
registerRegs(program);
registerRules(program);
registerCalls(program);
registerLab(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`firebridge: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(err instanceof CommandError ? err.exitCode : 1);
});
