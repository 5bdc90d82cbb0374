// `firebridge calls`, `firebridge cdr`, `firebridge hangup`: active legs, call records, disconnect.
import type { Command } from 'commander';
import { Attr, Code, codeName, NoReplyError, sendRequest, AttributeReader } from '../radius/index.js';
import { CommandError, withCommandContext } from './context.js';
import { configOption } from './options.js';
import { jsonListOption, printTable, writeJsonLines } from './output.js';

/** "2026-11-22T09:00", "90m", "2h", "3d" → epoch ms. */
export function parseSince(text: string, now = Date.now()): number {
  const rel = /^(\d+)([smhd])$/.exec(text);
  if (rel) return now - Number(rel[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[rel[2] as 's' | 'm' | 'h' | 'd'];
  const t = new Date(text).getTime();
  if (Number.isNaN(t)) throw new CommandError(`--since ${text}: use a time (2026-11-22T09:00) or an age (90m, 2h, 3d)`);
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
            ['session', 'firebrick', 'calling', 'called', 'caller', 'state', 'age'],
            legs.map((l) => ({
              session: l.sessionId,
              firebrick: l.firebrick,
              calling: l.calling,
              called: l.called,
              caller: l.identities.join(' '),
              state: l.answered ? 'connected' : 'ringing',
              age: l.startedAt ? `${Math.round(Date.now() / 1000 - l.startedAt)}s` : '-',
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
    .description('send a Disconnect-Request (RFC 5176) for an active leg to its FireBrick')
    .option(...configOption)
    .option('--address <ip>', 'send to this address instead of the one the leg was accounted from')
    .action(async (sessionId: string, opts: { config?: string; address?: string }) => {
      await withCommandContext(opts.config, async (ctx) => {
        const leg = await ctx.store.calls.leg(sessionId);
        if (!leg) throw new CommandError(`no active leg ${sessionId} (see "firebridge calls")`);
        const client = ctx.config.clients.find((c) => c.name === leg.firebrick);
        if (!client) throw new CommandError(`leg ${sessionId} belongs to FireBrick "${leg.firebrick}", which is no longer configured`);
        const host = opts.address ?? leg.radiusSource;
        let reply;
        try {
          reply = await sendRequest(
            Code.DisconnectRequest,
            [[Attr.AcctSessionId, sessionId], ...(leg.nasIdentifier ? [[Attr.NasIdentifier, leg.nasIdentifier] as const] : [])],
            { host, port: client.disconnectPort, secret: Buffer.from(client.secret) },
          );
        } catch (err) {
          if (err instanceof NoReplyError) throw new CommandError(`${err.message}: is Disconnect enabled on the FireBrick?`, 4);
          throw err;
        }
        const message = new AttributeReader(reply.attributes).text(Attr.ReplyMessage);
        if (reply.code === Code.DisconnectAck) {
          process.stdout.write(`${sessionId}: disconnected by ${leg.firebrick} (Disconnect-ACK)\n`);
          return;
        }
        const cause = new AttributeReader(reply.attributes).integer(101);
        throw new CommandError(
          `${sessionId}: ${leg.firebrick} answered ${codeName(reply.code)}${cause !== undefined ? ` (Error-Cause ${cause})` : ''}${message ? `: ${message}` : ''}`,
          5,
        );
      });
    });
}
