// `firebridge trace`: every decision about one number, user or FireBrick, from every instance and
// worker on this Redis, as it happens (README → Live trace). Registers a watch, prints each event,
// and unregisters on Ctrl-C (or after --count events / --seconds), so instances stop publishing.
import type { Command } from 'commander';
import type { TraceEvent } from '../app/trace/event.js';
import { openTraceWatch, traceFilterOf } from '../app/trace/watch.js';
import { CommandError, openCommandContext } from './context.js';
import { configOption, mergedOptions, nonNegativeInt } from './options.js';
import { traceEventText } from './trace-text.js';

interface TraceOptions {
  config?: string;
  number?: string;
  user?: string;
  firebrick?: string;
  json?: boolean;
  count?: number;
  seconds?: number;
}

export function registerTrace(program: Command): void {
  program
    .command('trace')
    .description('show live every request about a number, user or FireBrick, from every instance (until Ctrl-C)')
    .option(...configOption)
    .option('--number <number>', 'requests to or from this number, or from the subscriber that has it')
    .option('--user <user>', 'requests of this user (User-Name, Digest-Username; "user" or "realm:user")')
    .option('--firebrick <name>', 'requests through this FireBrick (client name or NAS-Identifier)')
    .option('--json', 'print one JSON object per event, one per line (NDJSON)')
    .option('--count <n>', 'stop after this many events', nonNegativeInt)
    .option('--seconds <s>', 'stop after this many seconds', nonNegativeInt)
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = mergedOptions<TraceOptions>(cmd);
      const filter = traceFilterOf(opts);
      if (typeof filter === 'string') throw new CommandError(`trace: ${filter.replace(/(number|user|firebrick)/g, '--$1')}`);
      const ctx = await openCommandContext(opts.config);
      let seen = 0;
      let finish: () => void = () => {};
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const show = (e: TraceEvent): void => {
        if (opts.count !== undefined && seen >= opts.count) return;
        seen++;
        process.stdout.write(opts.json ? `${JSON.stringify(e)}\n` : traceEventText(e));
        if (opts.count !== undefined && seen >= opts.count) finish();
      };
      let watch;
      try {
        watch = await openTraceWatch(ctx.store.trace, filter, show, {
          onRefreshError: (err) => process.stderr.write(`firebridge: cannot refresh the trace watch: ${err.message}\n`),
        });
      } catch (err) {
        await ctx.close();
        throw new CommandError(`cannot register the trace watch: ${(err as Error).message}`);
      }
      process.stderr.write(`firebridge: tracing ${filter.kind} ${filter.value} (Ctrl-C to stop)\n`);
      let finishing = false;
      finished.then(() => (finishing = true), () => {});
      // Kept to the end: a signal while unregistering (after --count) must not kill the command
      // half-way; a second Ctrl-C while it unregisters ends it at once (the watch then lapses by itself).
      const onSignal = (): void => (finishing ? process.exit(0) : finish());
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const timer = opts.seconds !== undefined ? setTimeout(finish, opts.seconds * 1000) : undefined;
      if (opts.count === 0) finish();
      await finished;
      clearTimeout(timer);
      await watch.close();
      await ctx.close();
    });
}
