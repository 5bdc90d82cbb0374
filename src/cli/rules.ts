// `firebridge check`, `firebridge route`, `firebridge schema`: operators' tools for routing rules.
import type { Command } from 'commander';
import { routeDryRun, type DryRunOptions } from '../app/dry-run.js';
import { plural } from '../config/plural.js';
import { formatProblem } from '../config/yaml-validation.js';
import { fitsClients, loadRules, noRulesWarning, ruleJsonSchema } from '../rules/index.js';
import { CommandError, configOption, loadConfigOrExit, withCommandContext } from './context.js';

export function registerRules(program: Command): void {
  program
    .command('check [dir]')
    .description('validate routing rules; prints every problem as file:line:column and exits non-zero on any')
    .option(...configOption)
    .action((dir: string | undefined, opts: { config?: string }) => {
      const config = loadConfigOrExit(opts.config);
      const target = dir ?? config.rules.dir;
      const result = loadRules(target, fitsClients(config.clients));
      if (!result.ok) {
        for (const p of result.problems) process.stderr.write(`${formatProblem(p)}\n`);
        throw new CommandError(`${plural(result.problems.length, 'problem')} in ${target}`, 2);
      }
      const warning = noRulesWarning(result.ruleSet.rules.length, config.rules.noMatch);
      if (warning) process.stderr.write(`${target}: warning: ${warning}\n`);
      process.stdout.write(`${target}: ${plural(result.ruleSet.rules.length, 'rule')} in ${plural(result.ruleSet.files.length, 'file')}, all valid\n`);
    });

  program
    .command('route')
    .description('dry run: which rule a call matches (and why earlier ones did not), and the exact RADIUS attributes')
    .requiredOption('--to <number>', 'dialled number (Called-Station-Id)')
    .option('--from <number>', 'calling number (Calling-Station-Id)')
    .option('--user <username>', 'the calling subscriber (username or realm:username)')
    .option('--carrier <name>', 'the call comes in from this @carrier')
    .option('--cui <cui>', 'the call comes from a local FireBrick phone with this CUI')
    .option('--method <method>', 'SIP method', 'INVITE')
    .option('--client <name>', 'the FireBrick (RADIUS client name) asking')
    .option('--nas-identifier <name>', 'its NAS-Identifier')
    .option('--at <time>', 'evaluate at this time (ISO 8601, e.g. 2026-11-22T09:00)')
    .option('--rules <dir>', 'rules directory (default: rules.dir from the configuration)')
    .option('--json', 'JSON output')
    .option(...configOption)
    .action(async (opts: DryRunOptions & { config?: string; json?: boolean }) => {
      await withCommandContext(opts.config, async (ctx) => {
        const report = await routeDryRun(ctx.config, ctx.store, opts);
        process.stdout.write(opts.json ? `${JSON.stringify(report.json)}\n` : report.text);
      });
    });

  program
    .command('schema')
    .description('print the JSON Schema of routing rule files (for editor completion)')
    .action(() => {
      process.stdout.write(`${JSON.stringify(ruleJsonSchema(), null, 2)}\n`);
    });
}
