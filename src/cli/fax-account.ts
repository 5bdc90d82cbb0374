// `firebridge fax account …`: the FaxBack accounts a port server logs its clients in with (spec §1.4,
// §2.3 rows 1–5). Names compare case-insensitively and are shown as stored; every account has a
// UUID for its life (spec §6); passwords are kept as scrypt hashes (faxback/password.ts).
import type { Command } from 'commander';
import { plural } from '../text/plural.js';
import { accountLinks, accountSettingsOf, credentials, deleteAccountAndLinks, describeWithLinks, keptPassword, resolveFailover } from '../app/fax-accounts.js';
import { accountKey, loginGuardId, type FaxAccount } from '../faxback/records.js';
import type { FaxStore } from '../store/index.js';
import { CommandError } from './context.js';
import { cellProblem, importRefused, readImportText, type ImportProblem } from './csv-import.js';
import {
  faxCommand,
  faxGroup,
  optionProblems,
  printDone,
  printList,
  printOne,
  requireAccount,
  runFax,
  sameAccount,
  uuidModeInUse,
  type FaxOptions,
} from './fax-command.js';
import { accountName, applyFields, optionKey } from './fax-fields.js';
import { parseAccountImport, passwordText, type AccountRow } from './fax-import.js';
import { ACCOUNT_DEFAULTS, ACCOUNT_FIELDS, ataName, describeAccount, newAccountUuid, unixSeconds, type AccountSettings } from '../app/fax-settings.js';
import { readPassword } from './password-input.js';

function withSettingOptions(cmd: Command): Command {
  for (const f of ACCOUNT_FIELDS) if (f.flags) cmd.option(f.flags, f.help);
  return cmd
    .option('--password [password]', 'the login password; without a value: prompted for (or read from standard input)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--store-clear-password', 'also keep the password itself, not only its hash (only if you must)');
}

/** The settings options given, as text (commander keeps them unparsed: fax-fields.ts reads them). */
function givenSetting(opts: FaxOptions): (f: (typeof ACCOUNT_FIELDS)[number]) => string | undefined {
  return (f) => {
    const v = f.flags ? opts[optionKey(f.flags)] : undefined;
    return typeof v === 'string' ? v : undefined;
  };
}

/** The new password (read now), `null` for --no-password, undefined when none is given. */
async function givenPassword(opts: FaxOptions): Promise<string | null | undefined> {
  const p = opts.password;
  if (p === false) return null;
  if (typeof p === 'string' && opts.passwordStdin) throw new CommandError('give --password P or --password-stdin, not both');
  let password: string;
  if (typeof p === 'string') password = p;
  else if (p === true || opts.passwordStdin) password = await readPassword(opts.passwordStdin === true);
  else return undefined;
  if (password === '') throw new CommandError('empty password');
  const checked = passwordText(password);
  if (!checked.ok) throw new CommandError(`--password: the password ${checked.why}`);
  return password;
}

async function failoverOf(fax: FaxStore, name: string, settings: AccountSettings): Promise<AccountSettings> {
  const resolved = await resolveFailover(fax, name, settings);
  if (!resolved.ok) throw new CommandError(`--failover: ${resolved.why}`);
  return resolved.settings;
}

export function registerFaxAccount(fax: Command): void {
  const group = faxGroup(fax, 'account', 'FaxBack accounts: names, passwords and settings (spec §3.2)');

  withSettingOptions(faxCommand(group, 'add <name>', 'add an account (a new random UUID; without --password it cannot log in)', { object: 'the account' })).action(
    async (name: string, _o: unknown, cmd: Command) =>
      runFax(cmd, name, async ({ ctx, fax, opts }) => {
        const checked = accountName(uuidModeInUse(ctx.config))(name);
        if (!checked.ok) throw new CommandError(`${JSON.stringify(name)} ${checked.why}`);
        const existing = await fax.account(name);
        if (existing) throw new CommandError(`fax account ${JSON.stringify(existing.name)} exists (names compare case-insensitively); use "firebridge fax account set"`);
        const applied = applyFields(ACCOUNT_FIELDS, ACCOUNT_DEFAULTS as AccountSettings, ACCOUNT_DEFAULTS, givenSetting(opts));
        const refused = optionProblems(applied.problems);
        if (refused) throw refused;
        const settings = await failoverOf(fax, name, applied.value);
        const password = await givenPassword(opts);
        if (opts.storeClearPassword && typeof password !== 'string') throw new CommandError('--store-clear-password needs a password (--password or --password-stdin)');
        const account: FaxAccount = {
          name,
          uuid: newAccountUuid(),
          ...(typeof password === 'string' ? await credentials(password, opts.storeClearPassword === true) : {}),
          ...settings,
          modifiedAt: unixSeconds(),
        };
        await fax.putAccount(account);
        printDone(opts, `added fax account ${JSON.stringify(name)}${typeof password === 'string' ? '' : ' (no password: it cannot log in)'}`, describeAccount(account));
      }),
  );

  withSettingOptions(faxCommand(group, 'set <name>', "change an account: only what is given; an empty value ('') sets a setting back to the port server's default; the UUID never changes", { object: 'the account' }))
    .option('--no-password', 'remove the password (the account can no longer log in)')
    .action(async (name: string, _o: unknown, cmd: Command) =>
      runFax(cmd, name, async ({ fax, opts }) => {
        const current = await requireAccount(fax, name);
        const given = givenSetting(opts);
        const applied = applyFields(ACCOUNT_FIELDS, accountSettingsOf(current), ACCOUNT_DEFAULTS, given);
        const refused = optionProblems(applied.problems);
        if (refused) throw refused;
        const failoverGiven = given(ACCOUNT_FIELDS.find((f) => f.key === 'failoverAccount')!);
        const settings = failoverGiven ? await failoverOf(fax, current.name, applied.value) : applied.value;
        const password = await givenPassword(opts);
        if (opts.storeClearPassword && typeof password !== 'string') throw new CommandError('--store-clear-password needs the password too (--password or --password-stdin)');
        if (password === undefined && !ACCOUNT_FIELDS.some((f) => given(f) !== undefined)) throw new CommandError('nothing to change (see --help)');
        const next: FaxAccount = {
          name: current.name,
          uuid: current.uuid,
          ...(password === undefined ? keptPassword(current) : password === null ? {} : await credentials(password, opts.storeClearPassword === true)),
          ...settings,
          modifiedAt: unixSeconds(),
        };
        await fax.putAccount(next);
        printDone(opts, `updated fax account ${JSON.stringify(current.name)}`, describeAccount(next));
      }),
    );

  faxCommand(group, 'show <name>', 'show one account, with its DIDs, sender addresses and ATAs (never its password)', { object: 'the account' }).action(
    async (name: string, _o: unknown, cmd: Command) =>
      runFax(cmd, name, async ({ fax, opts }) => {
        printOne(opts, await describeWithLinks(fax, await requireAccount(fax, name)));
      }),
  );

  faxCommand(group, 'list', 'list every account', { list: 'account' }).action(async (_o: unknown, cmd: Command) =>
    runFax(cmd, undefined, async ({ fax, opts }) => {
      const all = (await fax.accounts()).map(describeAccount);
      printList(opts, ['name', 'type', 'password', 'send', 'receive', 'callAhead', 'customer', 'failoverAccount', 'modifiedAt'], all);
    }),
  );

  faxCommand(group, 'del <name>', 'delete an account and its sender addresses; refused while DIDs or ATAs point at it, unless --force', { object: 'what was deleted' })
    .option('--force', 'also delete the DIDs and ATAs that point at it, and clear it as other accounts\' failover')
    .action(async (name: string, _o: unknown, cmd: Command) =>
      runFax(cmd, name, async ({ fax, opts }) => {
        const account = await requireAccount(fax, name);
        const links = await accountLinks(fax, account);
        const { dids, atas: myAtas, emails: myEmails, failingOver } = links;
        const didsText = dids.length ? `${plural(dids.length, 'DID')} (${dids.map((d) => d.did).join(', ')})` : undefined;
        const atasText = myAtas.length ? `${plural(myAtas.length, 'ATA')} (${myAtas.map(ataName).join('; ')})` : undefined;
        const failoverText = failingOver.length ? `${plural(failingOver.length, 'account')} failing over to it (${failingOver.map((a) => a.name).join(', ')})` : undefined;
        const pointing = [didsText, atasText, failoverText].filter((x): x is string => x !== undefined);
        if (pointing.length && !opts.force) {
          throw new CommandError(`${pointing.join(' and ')} point at it: move or delete them first, or give --force to delete the DIDs and ATAs and clear the failovers`);
        }
        await deleteAccountAndLinks(fax, account, links);
        const deletedLinks = [didsText, atasText].filter((x): x is string => x !== undefined);
        const also = [
          ...(deletedLinks.length ? [`also deleted ${deletedLinks.join(' and ')}`] : []),
          ...(failingOver.length ? [`cleared the failover of ${failingOver.map((a) => JSON.stringify(a.name)).join(', ')}`] : []),
          ...(myEmails.length ? [`deleted its ${plural(myEmails.length, 'sender address', 'sender addresses')} (${myEmails.map((e) => e.email).join(', ')})`] : []),
        ];
        printDone(opts, `deleted fax account ${JSON.stringify(account.name)}${also.length ? `; ${also.join('; ')}` : ''}`, {
          deleted: account.name,
          dids: dids.map((d) => d.did),
          atas: myAtas.map(ataName),
          senderEmails: myEmails.map((e) => e.email),
          failoverCleared: failingOver.map((a) => a.name),
        });
      }),
    );

  faxCommand(group, 'unlock <name>', 'clear the login lockout of an account (too many wrong passwords: README → FaxBack port servers)', {
    object: 'the outcome',
  }).action(async (name: string, _o: unknown, cmd: Command) =>
    runFax(cmd, name, async ({ ctx, opts }) => {
      const id = loginGuardId(name);
      await ctx.store.guard.clear({ scope: 'user', id });
      printDone(opts, `unlocked fax account ${JSON.stringify(name)}`, { unlocked: name, guard: id });
    }),
  );

  faxCommand(group, 'import <file>', 'create or replace accounts from CSV with a header row (README → Fax commands lists the columns); all or nothing', {
    object: 'the outcome',
  })
    .option('--store-clear-password', 'also keep the passwords themselves, not only their hashes')
    .option('--dry-run', 'validate the file (and the accounts it names) and say what would be imported; write nothing')
    .action(async (file: string, _o: unknown, cmd: Command) =>
      runFax(cmd, file, async ({ ctx, fax, opts }) => {
        const parsed = parseAccountImport(readImportText(file), uuidModeInUse(ctx.config));
        const { steps: plan, problems } = await planAccountImport(fax, parsed.rows);
        if (parsed.problems.length || problems.length) throw importRefused(file, [...parsed.problems, ...problems]);
        const counts = `${plural(plan.length, 'account')} (${plan.filter((p) => !p.current).length} new, ${plan.filter((p) => p.current).length} replaced)`;
        if (opts.dryRun) {
          printDone(opts, `${file}: ${counts} valid; nothing written (--dry-run)`, { file, accounts: plan.length, written: 0 });
          return;
        }
        for (const { row, current, failover } of plan) {
          await fax.putAccount({
            name: current?.name ?? row.name,
            uuid: row.uuid ?? current?.uuid ?? newAccountUuid(),
            ...(row.password !== undefined ? await credentials(row.password, opts.storeClearPassword === true) : {}),
            ...row.settings,
            ...(failover !== undefined ? { failoverAccount: failover } : {}),
            modifiedAt: unixSeconds(),
          });
        }
        printDone(opts, `imported ${counts} from ${file}`, { file, accounts: plan.length, written: plan.length });
      }),
    );
}

interface AccountImportStep {
  readonly row: AccountRow;
  /** The account the row replaces: its spelling and UUID are kept. */
  readonly current: FaxAccount | undefined;
  /** The failover account as it is spelled where it is (the store, or this file). */
  readonly failover: string | undefined;
}

/**
 * What the file's rows need of the store, checked before anything is written: a UUID is never
 * changed (spec §6) nor given to two accounts, and a failover account exists (here or in the file).
 */
async function planAccountImport(fax: FaxStore, rows: readonly AccountRow[]): Promise<{ steps: AccountImportStep[]; problems: ImportProblem[] }> {
  const problems: ImportProblem[] = [];
  const current = await Promise.all(rows.map((r) => fax.account(r.name)));
  const inFile = new Map(rows.map((r, i) => [accountKey(r.name), current[i]?.name ?? r.name]));
  const uuidLines = new Map<string, number>();
  const steps: AccountImportStep[] = [];
  for (const [i, row] of rows.entries()) {
    const existing = current[i];
    if (row.uuid !== undefined) {
      const first = uuidLines.get(row.uuid);
      if (first !== undefined) problems.push(cellProblem(row.line, 'uuid', row.uuid, `again (first at line ${first})`));
      else uuidLines.set(row.uuid, row.line);
      if (existing && existing.uuid !== row.uuid) {
        problems.push(cellProblem(row.line, 'uuid', row.uuid, `is not the UUID of the existing account "${existing.name}" (${existing.uuid}): a UUID never changes (spec §6)`));
      } else if (!existing) {
        const holder = await fax.accountByUuid(row.uuid);
        if (holder) problems.push(cellProblem(row.line, 'uuid', row.uuid, `is the UUID of account "${holder.name}"`));
      }
    }
    const wanted = row.settings.failoverAccount;
    let failover: string | undefined;
    if (wanted !== undefined) {
      failover = inFile.get(accountKey(wanted)) ?? (await fax.account(wanted))?.name;
      if (failover === undefined) problems.push(cellProblem(row.line, 'failover', wanted, 'is not a fax account (in the store or this file)'));
    }
    steps.push({ row, current: existing, failover });
  }
  return { steps, problems };
}
