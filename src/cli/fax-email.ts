// `firebridge fax email …`: the sender addresses the e-mail gateway checks an e-mailed fax's From
// against (spec §2.3 row 11), compared case-insensitively.
import type { Command } from 'commander';
import { CommandError } from './context.js';
import { faxCommand, faxGroup, printDone, printList, readOption, requireAccount, runFax, sameAccount } from './fax-command.js';
import { email as emailText } from './fax-fields.js';
import { describeEmail } from '../app/fax-settings.js';

export function registerFaxEmail(fax: Command): void {
  const group = faxGroup(fax, 'email', 'sender e-mail addresses: which account an e-mailed fax is sent from');

  faxCommand(group, 'add <address>', 'allow an address to send faxes for an existing account', { object: 'the address' })
    .requiredOption('--account <name>', 'the account its faxes are sent from')
    .action(async (address: string, _o: unknown, cmd: Command) =>
      runFax(cmd, address, async ({ fax, opts }) => {
        const email = readOption('address', address, emailText);
        const existing = await fax.senderEmail(email);
        if (existing) throw new CommandError(`${JSON.stringify(email)} belongs to fax account ${JSON.stringify(existing.account)}; delete it first`);
        const account = await requireAccount(fax, String(opts.account));
        const entry = { email, account: account.name };
        await fax.putSenderEmail(entry);
        printDone(opts, `added sender address ${JSON.stringify(email)} → fax account ${JSON.stringify(account.name)}`, describeEmail(entry));
      }),
    );

  faxCommand(group, 'list', 'list sender addresses', { list: 'address' })
    .option('--account <name>', 'only those of this account')
    .action(async (_o: unknown, cmd: Command) =>
      runFax(cmd, undefined, async ({ fax, opts }) => {
        const account = opts.account !== undefined ? await requireAccount(fax, String(opts.account)) : undefined;
        const emails = (await fax.senderEmails()).filter((e) => !account || sameAccount(e.account, account.name));
        printList(opts, ['email', 'account'], emails.map(describeEmail));
      }),
    );

  faxCommand(group, 'del <address>', 'delete a sender address', { object: 'what was deleted' }).action(async (address: string, _o: unknown, cmd: Command) =>
    runFax(cmd, address, async ({ fax, opts }) => {
      const existing = await fax.senderEmail(address);
      if (!existing) throw new CommandError(`no sender address ${JSON.stringify(address.toLowerCase())}`);
      await fax.deleteSenderEmail(existing.email);
      printDone(opts, `deleted sender address ${JSON.stringify(existing.email)} (was fax account ${JSON.stringify(existing.account)})`, describeEmail(existing));
    }),
  );
}
