// `firebridge fax did …`: which account receives the faxes to a DID (spec §2.3 rows 6, 7), and the
// fax-ATA line settings on it (rows 12, 13). `*` is the catch-all DID (spec §2.4).
import type { Command } from 'commander';
import { plural } from '../text/plural.js';
import { accountKey, type FaxAccount, type FaxDid } from '../faxback/records.js';
import { didSettingsOf } from '../app/fax-accounts.js';
import { CommandError } from './context.js';
import { cellProblem, importRefused, readImportText, type ImportProblem } from './csv-import.js';
import { faxCommand, faxGroup, optionProblems, printDone, printList, printOne, requireAccount, runFax, type FaxOptions } from './fax-command.js';
import { applyFields, did as didText, optionKey, type Field } from './fax-fields.js';
import { parseDidImport } from './fax-import.js';
import { DID_DEFAULTS, DID_FIELDS, describeDid, type DidSettings } from '../app/fax-settings.js';

const DID_COLUMNS = ['did', 'account', 'enabled', 'sendAni', 'queueProfile', 'lineNum', 'lineId'];

function withSettingOptions(cmd: Command): Command {
  for (const f of DID_FIELDS) if (f.flags) cmd.option(f.flags, f.help);
  return cmd;
}

function givenSetting(opts: FaxOptions): (f: Field<DidSettings>) => string | undefined {
  return (f) => {
    if (f.key === 'enabled') return opts.enable ? 'on' : opts.disable || opts.disabled ? 'off' : undefined;
    const v = f.flags ? opts[optionKey(f.flags)] : undefined;
    return typeof v === 'string' ? v : undefined;
  };
}

function readDid(text: string): string {
  const checked = didText(text);
  if (!checked.ok) throw new CommandError(`${JSON.stringify(text)} ${checked.why}`);
  return checked.value;
}

async function requireDid(fax: { did(d: string): Promise<FaxDid | undefined> }, did: string): Promise<FaxDid> {
  const found = await fax.did(did);
  if (!found) throw new CommandError(`no DID ${JSON.stringify(did)}`);
  return found;
}

export function registerFaxDid(fax: Command): void {
  const group = faxGroup(fax, 'did', 'DIDs: the account each routes to, and its fax-ATA line (quote the catch-all: \'*\')');

  withSettingOptions(faxCommand(group, 'add <did>', 'add a DID routing to an existing account', { object: 'the DID' }))
    .requiredOption('--account <name>', 'the account receiving its faxes')
    .option('--disabled', 'create it disabled (FB-DID-Enabled 0: known, not routed)')
    .action(async (text: string, _o: unknown, cmd: Command) =>
      runFax(cmd, text, async ({ fax, opts }) => {
        const did = readDid(text);
        const existing = await fax.did(did);
        if (existing) throw new CommandError(`DID ${JSON.stringify(did)} exists (account ${JSON.stringify(existing.account)}); use "firebridge fax did set"`);
        const account = await requireAccount(fax, String(opts.account));
        const applied = applyFields(DID_FIELDS, DID_DEFAULTS as DidSettings, DID_DEFAULTS, givenSetting(opts));
        const refused = optionProblems(applied.problems);
        if (refused) throw refused;
        const next: FaxDid = { did, account: account.name, ...applied.value };
        await fax.putDid(next);
        printDone(opts, `added DID ${JSON.stringify(did)} → fax account ${JSON.stringify(account.name)}`, describeDid(next));
      }),
    );

  withSettingOptions(faxCommand(group, 'set <did>', "change a DID: only what is given; an empty value ('') removes a setting", { object: 'the DID' }))
    .option('--account <name>', 'route it to this account instead')
    .option('--enable', 'route it (FB-DID-Enabled 1)')
    .option('--disable', 'keep it known but do not route it (FB-DID-Enabled 0)')
    .action(async (text: string, _o: unknown, cmd: Command) =>
      runFax(cmd, text, async ({ fax, opts }) => {
        if (opts.enable && opts.disable) throw new CommandError('give --enable or --disable, not both');
        const current = await requireDid(fax, readDid(text));
        const given = givenSetting(opts);
        const applied = applyFields(DID_FIELDS, didSettingsOf(current), DID_DEFAULTS, given);
        const refused = optionProblems(applied.problems);
        if (refused) throw refused;
        if (opts.account === undefined && !DID_FIELDS.some((f) => given(f) !== undefined)) throw new CommandError('nothing to change (see --help)');
        const account = opts.account !== undefined ? (await requireAccount(fax, String(opts.account))).name : current.account;
        const next: FaxDid = { did: current.did, account, ...applied.value };
        await fax.putDid(next);
        printDone(opts, `updated DID ${JSON.stringify(current.did)} → fax account ${JSON.stringify(account)}`, describeDid(next));
      }),
    );

  faxCommand(group, 'show <did>', 'show one DID', { object: 'the DID' }).action(async (text: string, _o: unknown, cmd: Command) =>
    runFax(cmd, text, async ({ fax, opts }) => {
      printOne(opts, describeDid(await requireDid(fax, readDid(text))));
    }),
  );

  faxCommand(group, 'list', 'list DIDs, in DID order', { list: 'DID' })
    .option('--account <name>', 'only those of this account')
    .action(async (_o: unknown, cmd: Command) =>
      runFax(cmd, undefined, async ({ fax, opts }) => {
        const dids = opts.account !== undefined ? await fax.didsOf((await requireAccount(fax, String(opts.account))).name) : await fax.dids();
        printList(opts, DID_COLUMNS, dids.map(describeDid));
      }),
    );

  faxCommand(group, 'del <did>', 'delete a DID', { object: 'what was deleted' }).action(async (text: string, _o: unknown, cmd: Command) =>
    runFax(cmd, text, async ({ fax, opts }) => {
      const current = await requireDid(fax, readDid(text));
      await fax.deleteDid(current.did);
      printDone(opts, `deleted DID ${JSON.stringify(current.did)} (was fax account ${JSON.stringify(current.account)})`, { deleted: current.did, account: current.account });
    }),
  );

  faxCommand(group, 'import <file>', 'create or replace DIDs from CSV with a header row (README → Fax commands lists the columns); all or nothing', { object: 'the outcome' })
    .option('--dry-run', 'validate the file (and that its accounts exist) and say what would be imported; write nothing')
    .action(async (file: string, _o: unknown, cmd: Command) =>
      runFax(cmd, file, async ({ fax, opts }) => {
        const parsed = parseDidImport(readImportText(file));
        // The accounts must exist, each looked up once; the DID keeps the account's stored spelling.
        const accounts = new Map<string, FaxAccount | undefined>();
        for (const { did } of parsed.rows) {
          const key = accountKey(did.account);
          if (!accounts.has(key)) accounts.set(key, await fax.account(did.account));
        }
        const problems: ImportProblem[] = [];
        for (const { line, did } of parsed.rows) {
          if (!accounts.get(accountKey(did.account))) problems.push(cellProblem(line, 'account', did.account, 'is not a fax account'));
        }
        if (parsed.problems.length || problems.length) throw importRefused(file, [...parsed.problems, ...problems]);
        const existing = await Promise.all(parsed.rows.map(({ did }) => fax.did(did.did)));
        const replaced = existing.filter(Boolean).length;
        const counts = `${plural(parsed.rows.length, 'DID')} (${parsed.rows.length - replaced} new, ${replaced} replaced)`;
        if (opts.dryRun) {
          printDone(opts, `${file}: ${counts} valid; nothing written (--dry-run)`, { file, dids: parsed.rows.length, written: 0 });
          return;
        }
        for (const { did } of parsed.rows) await fax.putDid({ ...did, account: accounts.get(accountKey(did.account))!.name });
        printDone(opts, `imported ${counts} from ${file}`, { file, dids: parsed.rows.length, written: parsed.rows.length });
      }),
    );
}
