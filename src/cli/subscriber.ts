// `firebridge subscriber …`: operators manage who may use the FireBrick. Passwords are read without
// echo (or from stdin) and stored as HA1 per hash algorithm; plaintext only with --store-plaintext.
import { Command, InvalidArgumentError } from 'commander';
import { plural } from '../text/plural.js';
import { callerName } from '../firebrick/caller.js';
import type { Subscriber } from '../store/index.js';
import { CommandError, withCommandContext, type CommandContext } from './context.js';
import { configOption, mergedOptions, nonNegativeInt, realmOption } from './options.js';
import { jsonListOption, jsonObjectOption, printFields, printTable, writeJsonLine, writeJsonLines } from './output.js';
import { importRefused, readImportText } from './csv-import.js';
import { readPassword } from './password-input.js';
import { notANumber, PRESENT_LIST_HELP, readPresentList } from '../app/present-list.js';
import { parseSubscriberImport } from '../app/subscriber-import.js';
import { withFeatureOptions, type FeatureOptions } from './feature-options.js';
import { subscriberSubject, type AuditActor } from '../store/index.js';
import { recordChange } from '../app/audit.js';
import { operator } from './audit-change.js';
import { applySubscriberChanges, describeSubscriber, newSubscriber, subscriberAuditFields } from '../app/subscribers.js';

interface SubscriberOptions extends FeatureOptions {
  config?: string;
  realm?: string;
  number?: string;
  cui?: string;
  maxRegistrations?: number;
  maxCalls?: number;
  present?: string[];
  maxDuration?: number;
  disabled?: boolean;
  enable?: boolean;
  disable?: boolean;
  password?: boolean;
  passwordStdin?: boolean;
  storePlaintext?: boolean;
  dryRun?: boolean;
  source?: boolean;
  json?: boolean;
}

/** `--present 02071234500,+14155550123` (cli/present-list.ts). */
function presentableNumbers(value: string): string[] {
  const read = readPresentList(value);
  if ('notANumber' in read) throw new InvalidArgumentError(notANumber(read.notANumber));
  return read.numbers;
}

/**
 * Runs with the store open; `opts` are the command's options over those given to `subscriber` itself.
 * `ctx.realm` is --realm, else digest.realm; `usesRealm` says whether this use of the command needs one.
 */
function withContext<T>(
  cmd: Command,
  fn: (ctx: CommandContext, opts: SubscriberOptions) => Promise<T>,
  usesRealm: (opts: SubscriberOptions) => boolean = () => true,
): Promise<T> {
  const opts = mergedOptions<SubscriberOptions>(cmd);
  return withCommandContext(opts.config, (ctx) => fn(ctx, opts), { usesRealm: usesRealm(opts), realm: opts.realm });
}

export { describeSubscriber };

function withCommonOptions(cmd: Command): Command {
  return cmd
    .option(...configOption)
    .option(...realmOption)
    .option('--number <number>', 'number the subscriber registers as (tel:<number>)')
    .option('--cui <cui>', 'Chargeable-User-Identity of a locally configured FireBrick phone')
    .option('--max-registrations <n>', 'most simultaneous registrations (contacts)', nonNegativeInt)
    .option('--max-calls <n>', 'most simultaneous calls', nonNegativeInt)
    .option('--present <numbers>', PRESENT_LIST_HELP, presentableNumbers)
    .option('--max-duration <seconds>', 'longest an answered call may last before it is disconnected; 0 = no limit of its own', nonNegativeInt)
    .option('--password-stdin', 'read the password from standard input instead of prompting')
    .option('--store-plaintext', 'also store the password itself (only if you must: any algorithm can then be verified)');
}

export function registerSubscriber(program: Command): void {
  const sub = program
    .command('subscriber')
    .description('manage subscribers (digest credentials, numbers, limits) in Redis')
    .option(...configOption);

  withCommonOptions(sub.command('add <username>').description('add a subscriber; prompts for the password'))
    .option('--disabled', 'create it disabled')
    .action(async (username: string, _opts: unknown, cmd: Command) =>
      withContext(cmd, async (ctx, opts) => {
        const { realm } = ctx;
        if (await ctx.store.subscribers.get(realm, username)) {
          throw new CommandError(`subscriber ${username}@${realm} exists; use "firebridge subscriber set"`);
        }
        const password = await readPassword(opts.passwordStdin === true);
        const made = newSubscriber(username, realm, password, {
          storePlaintext: opts.storePlaintext === true,
          number: opts.number || undefined,
          cui: opts.cui || undefined,
          enabled: !opts.disabled,
          maxRegistrations: opts.maxRegistrations,
          maxCalls: opts.maxCalls,
          present: opts.present,
          maxDuration: opts.maxDuration,
        });
        if (!made.ok) throw new CommandError(`${username}@${realm}: ${made.problem}`);
        await ctx.store.subscribers.put(made.subscriber);
        await recordChange(ctx.store.audit, Date.now(), { who: operator(), subject: subscriberSubject(realm, username), what: 'subscriber add', after: subscriberAuditFields(made.subscriber, true) });
        process.stdout.write(`added ${username}@${realm}\n`);
      }),
    );

  withFeatureOptions(withCommonOptions(sub.command('set <username>').description('change a subscriber, its limits and its call features')))
    .option('--password', 'prompt for a new password')
    .option('--enable', 'enable the subscriber')
    .option('--disable', 'disable the subscriber')
    .action(async (username: string, _opts: unknown, cmd: Command) =>
      withContext(cmd, async (ctx, opts) => {
        const { realm } = ctx;
        const current = await ctx.store.subscribers.get(realm, username);
        if (!current) throw new CommandError(`no subscriber ${username}@${realm}`);
        const password = opts.password || opts.passwordStdin ? await readPassword(opts.passwordStdin === true) : undefined;
        const { password: _asked, storePlaintext: _plaintext, ...given } = opts;
        const changed = applySubscriberChanges(current, {
          ...given,
          ...(password !== undefined ? { password, storePlaintext: opts.storePlaintext === true } : {}),
          enabled: opts.disable ? false : opts.enable ? true : undefined,
        });
        if (!changed.ok) throw new CommandError(`${username}@${realm}: ${changed.problem}`);
        await ctx.store.subscribers.put(changed.subscriber);
        await recordChange(
          ctx.store.audit,
          Date.now(),
          { who: operator(), subject: subscriberSubject(realm, username), what: 'subscriber set', before: subscriberAuditFields(current), after: subscriberAuditFields(changed.subscriber, password !== undefined) },
          { ifChanged: true },
        );
        process.stdout.write(`updated ${username}@${realm}\n`);
      }),
    );

  sub
    .command('del <username>')
    .description('delete a subscriber')
    .option(...configOption)
    .option(...realmOption)
    .action(async (username: string, _opts: unknown, cmd: Command) =>
      withContext(cmd, async (ctx, opts) => {
        const { realm } = ctx;
        const current = await ctx.store.subscribers.get(realm, username);
        if (!current || !(await ctx.store.subscribers.delete(realm, username))) throw new CommandError(`no subscriber ${username}@${realm}`);
        await recordChange(ctx.store.audit, Date.now(), { who: operator(), subject: subscriberSubject(realm, username), what: 'subscriber del', before: subscriberAuditFields(current) });
        process.stdout.write(`deleted ${username}@${realm}\n`);
      }),
    );

  sub
    .command('show <username>')
    .description('show one subscriber (credentials are never printed)')
    .option(...configOption)
    .option(...realmOption)
    .option(...jsonObjectOption('the subscriber'))
    .action(async (username: string, _opts: unknown, cmd: Command) =>
      withContext(cmd, async (ctx, opts) => {
        const { realm } = ctx;
        const s = await ctx.store.subscribers.get(realm, username);
        if (!s) throw new CommandError(`no subscriber ${username}@${realm}`);
        const d = describeSubscriber(s);
        if (opts.json) writeJsonLine(d);
        else printFields(d);
      }),
    );

  sub
    .command('list')
    .description('list subscribers (of every realm)')
    .option(...configOption)
    .option(...jsonListOption('subscriber'))
    .action(async (_opts: unknown, cmd: Command) =>
      withContext(cmd, async (ctx, opts) => {
        const all = (await ctx.store.subscribers.list()).map(describeSubscriber);
        if (opts.json) writeJsonLines(all);
        else printTable(['username', 'realm', 'number', 'cui', 'enabled', 'maxRegistrations', 'maxCalls', 'maxDuration'], all);
      }, () => false),
    );

  sub
    .command('import <file>')
    .description('create or replace subscribers from CSV with a header row (README → Subscribers lists the columns); all or nothing')
    .option(...configOption)
    .option('--realm <realm>', 'realm of the rows that name none (default: digest.realm from the configuration)')
    .option('--store-plaintext', 'also store passwords themselves')
    .option('--dry-run', 'validate the file and say what would be imported; write nothing')
    .action(async (file: string, _opts: unknown, cmd: Command) =>
      withContext(cmd, async (ctx, opts) => {
        const subscribers = readImportFile(file, ctx.realm, opts.storePlaintext === true);
        if (opts.dryRun) {
          process.stdout.write(`${file}: ${plural(subscribers.length, 'subscriber')} valid; nothing written (--dry-run)\n`);
          return;
        }
        // Call features are no CSV column: a replaced subscriber keeps those it had (set from its phone, too).
        for (const s of subscribers) {
          const features = (await ctx.store.subscribers.get(s.realm, s.username))?.features;
          await ctx.store.subscribers.put(features ? { ...s, features } : s);
        }
        process.stdout.write(`imported ${plural(subscribers.length, 'subscriber')} from ${file}\n`);
      }),
    );

  sub
    .command('unlock <who>')
    .description('clear a brute-force lockout: a username (in --realm) or, with --source, a SIP source address')
    .option(...configOption)
    .option(...realmOption)
    .option('--source', '<who> is a SIP source address (no realm)')
    .action(async (who: string, _opts: unknown, cmd: Command) =>
      withContext(cmd, async (ctx, opts) => {
        const subject = opts.source ? { scope: 'source' as const, id: who } : { scope: 'user' as const, id: callerName.subscriber(ctx.realm, who) };
        await ctx.store.guard.clear(subject);
        process.stdout.write(`unlocked ${subject.scope} ${subject.id}\n`);
      }, (opts) => !opts.source),
    );
}


/** The whole file is validated before anything is written: an import is all or nothing. */
function readImportFile(file: string, defaultRealm: string, storePlaintext: boolean): Subscriber[] {
  const result = parseSubscriberImport(readImportText(file), defaultRealm, storePlaintext);
  if (!result.ok) throw importRefused(file, result.problems);
  return [...result.subscribers];
}
