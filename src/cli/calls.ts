// `firebridge calls`, `firebridge cdr`, `firebridge hangup`: active legs, call records, disconnect.
import type { Command } from 'commander';
import { hangUp, hangupWords } from '../app/hangup.js';
import { readSince } from '../app/record-stats.js';
import { CommandError, withCommandContext } from './context.js';
import { configOption, nonNegativeInt } from './options.js';
import { jsonListOption, printTable, writeJsonLines } from './output.js';

/** "2026-11-22T09:00", "90m", "2h", "3d" → epoch ms. */
export function parseSince(text: string, now = Date.now()): number {
  const t = readSince(text, now);
  if (t === undefined) throw new CommandError(`--since ${text}: use a time (2026-11-22T09:00) or an age (90m, 2h, 3d)`);
  return t;
}

export function registerCalls(program: Command): void {
  program
    .command('calls')
    .description('active call legs')
    .option(...configOption)
    .option(...jsonListOption('leg'))
    .action(async (opts: { config?: string; json?: boolean }) => {
      await withCommandContext(opts.config, async (ctx) => {
        const legs = await ctx.store.calls.activeLegs();
        if (opts.json) writeJsonLines(legs);
        else
          printTable(
            ['session', 'firebrick', 'calling', 'called', 'caller', 'state', 'age', 'limit'],
            legs.map((l) => ({
              session: l.sessionId,
              firebrick: l.firebrick,
              calling: l.calling,
              called: l.called,
              caller: l.identities.join(' '),
              state: l.answered ? 'connected' : 'ringing',
              age: l.startedAt ? `${Math.round(Date.now() / 1000 - l.startedAt)}s` : '-',
              // The duration limit, and once connected when it is due (README → Call duration limits).
              limit: l.maxDurationSeconds ? `${l.maxDurationSeconds}s${l.dueAt ? ` (due ${new Date(l.dueAt).toISOString()})` : ''}` : '-',
            })),
          );
      });
    });

  program
    .command('cdr')
    .description('call records (completed legs), oldest first')
    .option(...configOption)
    .option('--since <when>', 'from this time or age (e.g. 2026-11-22T09:00, 2h)', '24h')
    .option('--count <n>', 'at most this many', '1000')
    .option(...jsonListOption('record'))
    .action(async (opts: { config?: string; since: string; count: string; json?: boolean }) => {
      await withCommandContext(opts.config, async (ctx) => {
        const records = await ctx.store.calls.records(parseSince(opts.since), Number(opts.count) || 1000);
        if (opts.json) writeJsonLines(records.map((r) => ({ id: r.id, ...r.fields })));
        else
          printTable(
            ['ended', 'session_id', 'firebrick', 'calling', 'called', 'ringing_seconds', 'connected_seconds', 'terminate_cause'],
            records.map((r) => ({ ...r.fields, ended: new Date(Number(r.id.split('-')[0])).toISOString() })),
          );
      });
    });

  program
    .command('hangup <session-id>')
    .description('send a Disconnect-Request (RFC 5176) for an active leg to its FireBrick, and wait for its Stop')
    .option(...configOption)
    .option('--address <ip>', 'send to this address instead of the one the leg was accounted from')
    .option('--wait <seconds>', 'how long to wait for the leg\'s Stop after the Disconnect-ACK (0: do not wait)', nonNegativeInt, 10)
    .action(async (sessionId: string, opts: { config?: string; address?: string; wait: number }) => {
      const waitSeconds = opts.wait;
      await withCommandContext(opts.config, async (ctx) => {
        const outcome = await hangUp(ctx.store, ctx.config.clients, { sessionId, address: opts.address, waitSeconds });
        const words = hangupWords(sessionId, outcome);
        if (outcome.kind === 'acked' || outcome.kind === 'stopped') return void process.stdout.write(`${words}\n`);
        throw new CommandError(words, HANGUP_EXIT[outcome.kind]);
      });
    });
}

/** Exit statuses of `firebridge hangup` (README → Operator commands). */
const HANGUP_EXIT = { 'no-leg': 1, 'unknown-firebrick': 1, 'no-reply': 4, nak: 5, 'no-stop': 6 } as const;
