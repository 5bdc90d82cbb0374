// `firebridge fraud list|show|clear`: the fraud guard's blocks and counters (README → Fraud guard),
// read from the store every instance shares.
import type { Command } from 'commander';
import { SUBJECT_KINDS, type SubjectKind } from '../rules/fraud/index.js';
import type { FraudBlock } from '../store/index.js';
import { CommandError, withCommandContext } from './context.js';
import { configOption, mergedOptions } from './options.js';
import { jsonListOption, jsonObjectOption, printFields, printTable, writeJsonLine, writeJsonLines } from './output.js';

interface FraudOptions {
  config?: string;
  json?: boolean;
}

/** The kind a subject name says it is: "subscriber:realm:user", "cui:X", "source:address". */
export function subjectKindOf(subject: string): SubjectKind {
  const kind = SUBJECT_KINDS.find((k) => subject.startsWith(`${k}:`) && subject.length > k.length + 1);
  if (!kind) throw new CommandError(`${subject}: name a subject as subscriber:<realm>:<user>, cui:<CUI> or source:<address> (see "firebridge fraud list")`);
  return kind;
}

function blockRow(b: FraudBlock): Record<string, unknown> {
  return {
    subject: b.subject,
    class: b.cls,
    reason: `${b.metric} ${Math.round(b.value * 100) / 100} (block at ${b.limit})`,
    since: new Date(b.at).toISOString(),
    left: b.remainingMs !== undefined ? `${Math.ceil(b.remainingMs / 60_000)}m` : '-',
  };
}

export function registerFraud(program: Command): void {
  const fraud = program.command('fraud').description("the fraud guard's blocks and counters");

  fraud
    .command('list')
    .description('subjects blocked now, by destination class')
    .option(...configOption)
    .option(...jsonListOption('block'))
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = mergedOptions<FraudOptions>(cmd);
      await withCommandContext(opts.config, async (ctx) => {
        const blocks = await ctx.store.fraud.blocks();
        if (opts.json) writeJsonLines(blocks.map(({ cls, ...b }) => ({ ...b, class: cls })));
        else printTable(['subject', 'class', 'reason', 'since', 'left'], blocks.map(blockRow));
      });
    });

  fraud
    .command('show <subject>')
    .description("one subject's counters in each destination class with thresholds for it, and its blocks")
    .option(...configOption)
    .option(...jsonObjectOption('the subject'))
    .action(async (subject: string, _opts: unknown, cmd: Command) => {
      const opts = mergedOptions<FraudOptions>(cmd);
      const kind = subjectKindOf(subject);
      await withCommandContext(opts.config, async (ctx) => {
        const classes = Object.entries(ctx.config.fraud.thresholds)
          .filter(([, byKind]) => byKind[kind] !== undefined)
          .map(([cls]) => cls);
        const standings = await ctx.store.fraud.standing(classes.map((cls) => ({ subject, cls })));
        const rows = classes.map((cls, i) => {
          const s = standings[i]!;
          return {
            class: cls,
            callsPerMinute: s.counts.calls,
            concurrent: s.counts.concurrent,
            minutesPerHour: Math.round((s.counts.secondsHour / 60) * 10) / 10,
            minutesPerDay: Math.round((s.counts.secondsDay / 60) * 10) / 10,
            shortCalls: s.counts.shortCalls,
            blocked: s.blocked ? blockRow(s.blocked).reason : undefined,
          };
        });
        if (opts.json) return writeJsonLine({ subject, kind, classes: rows });
        printFields({ subject, kind });
        printTable(['class', 'callsPerMinute', 'concurrent', 'minutesPerHour', 'minutesPerDay', 'shortCalls', 'blocked'], rows);
      });
    });

  fraud
    .command('clear <subject>')
    .description("forget a subject's counters, warnings and blocks in every class (unblocks it at once)")
    .option(...configOption)
    .option(...jsonObjectOption('what was cleared'))
    .action(async (subject: string, _opts: unknown, cmd: Command) => {
      const opts = mergedOptions<FraudOptions>(cmd);
      subjectKindOf(subject);
      await withCommandContext(opts.config, async (ctx) => {
        const removed = await ctx.store.fraud.clear(subject);
        if (opts.json) writeJsonLine({ subject, removed });
        else process.stdout.write(`${subject}: cleared (${removed} key${removed === 1 ? '' : 's'} removed)\n`);
      });
    });
}
