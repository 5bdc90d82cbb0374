// The `firebridge` command tree, built in one place for main.ts and for tests that inspect it.
import { Command } from 'commander';
import { registerAudit } from './audit.js';
import { registerLab } from './lab.js';
import { registerCalls } from './calls.js';
import { registerCdrSink } from './cdr-sink.js';
import { registerFax } from './fax.js';
import { registerFraud } from './fraud.js';
import { registerGroup } from './group.js';
import { registerLcr } from './lcr.js';
import { registerRegs } from './regs.js';
import { registerRules } from './rules.js';
import { registerServe } from './serve.js';
import { registerSubscriber } from './subscriber.js';
import { registerToken } from './token.js';
import { registerTrace } from './trace.js';

export function createProgram(): Command {
  const program = new Command()
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
  registerGroup(program);
  registerCalls(program);
  registerCdrSink(program);
  registerFax(program);
  registerFraud(program);
  registerToken(program);
  registerLcr(program);
  registerAudit(program);
  registerTrace(program);
  registerLab(program);
  return program;
}
