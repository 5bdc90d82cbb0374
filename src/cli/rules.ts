// `firebridge check`, `firebridge route`, `firebridge schema`: operators' tools for routing rules.
import type { Command } from 'commander';
import { routeDryRun, type DryRunOptions } from '../app/dry-run.js';
import { plural } from '../text/plural.js';
import { formatProblem } from '../text/yaml-validation.js';
import { rulesFit } from '../app/open-rules.js';
import { loadRules, noRulesWarning, ruleJsonSchema } from '../rules/index.js';
import { CommandError, loadConfigOrExit, withCommandContext } from './context.js';
import { configOption } from './options.js';
import { jsonListOption, jsonObjectOption, writeJsonLine, writeJsonLines } from './output.js';

export function registerRules(program: Command): void {
  program
    .command('check [dir]')
    .description('validate routing rules; prints every problem as file:line:column and exits 2 on any')
    .option(...configOption)
    .option(...jsonListOption('problem, then a summary object'))
    .action((dir: string | undefined, opts: { config?: string; json?: boolean }) => {
      const config = loadConfigOrExit(opts.config);
      const target = dir ?? config.rules.dir;
      const result = loadRules(target, rulesFit(config));
      const problems = result.ok ? [] : result.problems;
      const warning = result.ok ? noRulesWarning(result.ruleSet.rules.length, config.rules.noMatch) : undefined;
      if (opts.json) {
        const summary = result.ok
          ? { kind: 'summary', dir: target, valid: true, problems: 0, rules: result.ruleSet.rules.length, files: result.ruleSet.files.length, ...(warning ? { warning } : {}) }
          : { kind: 'summary', dir: target, valid: false, problems: problems.length };
        writeJsonLines([...problems.map((p) => ({ kind: 'problem', ...p })), summary]);
      } else {
        for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
      }
      if (!result.ok) throw new CommandError(`${plural(problems.length, 'problem')} in ${target}`, 2);
      if (warning) process.stderr.write(`${target}: warning: ${warning}\n`);
      if (!opts.json) process.stdout.write(`${target}: ${plural(result.ruleSet.rules.length, 'rule')} in ${plural(result.ruleSet.files.length, 'file')}, all valid\n`);
    });

  program
    .command('route')
    .description('dry run: which rule a call matches (and why earlier ones did not), and the exact RADIUS attributes')
    .requiredOption('--to <number>', 'dialled number (Called-Station-Id)')
    .option('--from <number>', 'calling number (Calling-Station-Id)')
    .option('--user <username>', 'the calling subscriber: username (in --realm) or realm:username')
    .option('--realm <realm>', 'realm of a bare --user (default: digest.realm from the configuration)')
    .option('--carrier <name>', 'the call comes in from this @carrier')
    .option('--cui <cui>', 'the call comes from a local FireBrick phone with this CUI')
    .option('--method <method>', 'SIP method', 'INVITE')
    .option('--client <name>', 'the FireBrick (RADIUS client name) asking')
    .option('--nas-identifier <name>', 'its NAS-Identifier')
    .option('--at <time>', 'evaluate at this time (ISO 8601, e.g. 2026-11-22T09:00)')
    .option('--rules <dir>', 'rules directory (default: rules.dir from the configuration)')
    .option(...jsonObjectOption('the decision, every rule tried and the reply attributes'))
    .option(...configOption)
    .action(async (opts: DryRunOptions & { config?: string; realm?: string; json?: boolean }) => {
      if (opts.realm !== undefined && !opts.user) throw new CommandError('--realm is the realm of --user: give --user too', 2);
      if (opts.realm !== undefined && opts.user?.includes(':')) throw new CommandError(`--user ${opts.user} names its realm already: drop --realm`, 2);
      await withCommandContext(opts.config, async (ctx) => {
        const user = opts.user === undefined ? {} : { user: opts.user.includes(':') ? opts.user : `${ctx.realm}:${opts.user}` };
        const report = await routeDryRun(ctx.config, ctx.store, { ...opts, ...user });
        if (opts.json) writeJsonLine(report.json);
        else process.stdout.write(report.text);
      }, { usesRealm: true, realm: opts.realm });
    });

  program
    .command('schema')
    .description('print the JSON Schema of routing rule files (for editor completion)')
    .action(() => {
      process.stdout.write(`${JSON.stringify(ruleJsonSchema(), null, 2)}\n`);
    });
}
