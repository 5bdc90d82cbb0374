// `firebridge fax ata …`: the fax ATAs a provisioning server asks about by MAC address or serial
// number (spec §2.3 rows 8, 9).
import type { Command } from 'commander';
import type { FaxAta } from '../faxback/records.js';
import type { FaxStore } from '../store/index.js';
import { CommandError } from './context.js';
import { faxCommand, faxGroup, printDone, printList, printOne, readOption, requireAccount, runFax, sameAccount, type FaxOptions } from './fax-command.js';
import { mac as macText, serial as serialText } from './fax-fields.js';
import { ATA_TEXT, ataName, describeAta } from '../app/fax-settings.js';

/** --mac and/or --serial, read; `exactlyOne` for show and del, which find one ATA by one of them. */
function ataKeys(opts: FaxOptions, exactlyOne: boolean): { mac?: string; serial?: string } {
  const mac = typeof opts.mac === 'string' ? readOption('--mac', opts.mac, macText) : undefined;
  const serial = typeof opts.serial === 'string' ? readOption('--serial', opts.serial, serialText) : undefined;
  if (mac === undefined && serial === undefined) throw new CommandError('give --mac or --serial');
  if (exactlyOne && mac !== undefined && serial !== undefined) throw new CommandError('give --mac or --serial, not both');
  return { ...(mac !== undefined ? { mac } : {}), ...(serial !== undefined ? { serial } : {}) };
}

async function findAta(fax: FaxStore, key: { mac?: string; serial?: string }): Promise<FaxAta | undefined> {
  return key.mac !== undefined ? fax.ataByMac(key.mac) : fax.ataBySerial(key.serial!);
}

function withKeyOptions(cmd: Command): Command {
  return cmd
    .option('--mac <mac>', 'MAC address: 12 hex digits, ":" or "-" between pairs allowed')
    .option('--serial <serial>', 'serial number');
}

export function registerFaxAta(fax: Command): void {
  const group = faxGroup(fax, 'ata', 'fax ATAs, found by MAC address or serial number');

  withKeyOptions(faxCommand(group, 'add', 'add an ATA by --mac, --serial or both, for an existing account', { object: 'the ATA' }))
    .requiredOption('--account <name>', 'the account the ATA belongs to')
    .option('--provisioning-arg <text>', 'FB-Provisioning-Arg: extra data for building its configuration')
    .option('--queue-profile <xml>', 'FB-Queue-Profile: one <QPXml …/> element, passed through as given')
    .action(async (_o: unknown, cmd: Command) =>
      runFax(cmd, undefined, async ({ fax, opts }) => {
        const keys = ataKeys(opts, false);
        // putAta replaces an ATA with the same MAC or serial: `add` never does so silently.
        for (const key of [keys.mac !== undefined ? { mac: keys.mac } : undefined, keys.serial !== undefined ? { serial: keys.serial } : undefined]) {
          const existing = key && (await findAta(fax, key));
          if (existing) throw new CommandError(`an ATA with ${ataName(key)} exists (${ataName(existing)}, account ${JSON.stringify(existing.account)}); delete it first`);
        }
        const account = await requireAccount(fax, String(opts.account));
        const provisioningArg = typeof opts.provisioningArg === 'string' && opts.provisioningArg !== '' ? readOption('--provisioning-arg', opts.provisioningArg, ATA_TEXT.provisioningArg) : undefined;
        const queueProfile = typeof opts.queueProfile === 'string' && opts.queueProfile !== '' ? readOption('--queue-profile', opts.queueProfile, ATA_TEXT.queueProfile) : undefined;
        const ata: FaxAta = {
          ...keys,
          account: account.name,
          ...(provisioningArg !== undefined ? { provisioningArg } : {}),
          ...(queueProfile !== undefined ? { queueProfile } : {}),
        };
        await fax.putAta(ata);
        printDone(opts, `added ATA ${ataName(ata)} → fax account ${JSON.stringify(account.name)}`, describeAta(ata));
      }),
    );

  withKeyOptions(faxCommand(group, 'show', 'show one ATA, by --mac or --serial', { object: 'the ATA' })).action(async (_o: unknown, cmd: Command) =>
    runFax(cmd, undefined, async ({ fax, opts }) => {
      const key = ataKeys(opts, true);
      const ata = await findAta(fax, key);
      if (!ata) throw new CommandError(`no ATA with ${ataName(key)}`);
      printOne(opts, describeAta(ata));
    }),
  );

  faxCommand(group, 'list', 'list ATAs', { list: 'ATA' })
    .option('--account <name>', 'only those of this account')
    .action(async (_o: unknown, cmd: Command) =>
      runFax(cmd, undefined, async ({ fax, opts }) => {
        const account = opts.account !== undefined ? await requireAccount(fax, String(opts.account)) : undefined;
        const atas = (await fax.atas()).filter((a) => !account || sameAccount(a.account, account.name));
        printList(opts, ['mac', 'serial', 'account', 'provisioningArg', 'queueProfile'], atas.map(describeAta));
      }),
    );

  withKeyOptions(faxCommand(group, 'del', 'delete an ATA, by --mac or --serial', { object: 'what was deleted' })).action(async (_o: unknown, cmd: Command) =>
    runFax(cmd, undefined, async ({ fax, opts }) => {
      const key = ataKeys(opts, true);
      const ata = await findAta(fax, key);
      if (!ata) throw new CommandError(`no ATA with ${ataName(key)}`);
      await fax.deleteAta(key.mac !== undefined ? { mac: key.mac } : { serial: key.serial! });
      printDone(opts, `deleted ATA ${ataName(ata)} (was fax account ${JSON.stringify(ata.account)})`, { deleted: describeAta(ata) });
    }),
  );
}
