// `firebridge fax …`: what a FaxBack port server asks firebridge about (accounts, DIDs, sender
// addresses, fax ATAs) and the fax records it sends (spec §4). `--config` and `--json` may be given
// on `fax`, on each group and on each command.
import type { Command } from 'commander';
import { parseSince } from './calls.js';
import { CommandError } from './context.js';
import { registerFaxAccount } from './fax-account.js';
import { registerFaxAta } from './fax-ata.js';
import { faxCommand, faxGroup, printList, runFax } from './fax-command.js';
import { registerFaxDid } from './fax-did.js';
import { registerFaxEmail } from './fax-email.js';

const CDR_COLUMNS = ['received', 'session_id', 'status', 'account', 'port_server', 'is_send', 'dial_number', 'page_count', 'total_seconds', 'fax_error_code'];

export function registerFax(program: Command): void {
  const fax = faxGroup(program, 'fax', 'FaxBack: accounts, DIDs, sender addresses and fax ATAs in Redis; fax records');
  registerFaxAccount(fax);
  registerFaxDid(fax);
  registerFaxEmail(fax);
  registerFaxAta(fax);

  faxCommand(fax, 'cdr', 'fax records (every Start, Alive and Stop kept), oldest first', { list: 'record' })
    .option('--since <when>', 'from this time or age (e.g. 2026-11-22T09:00, 2h)', '24h')
    .option('--limit <n>', 'at most this many', '1000')
    .action(async (_o: unknown, cmd: Command) =>
      runFax(cmd, undefined, async ({ fax: store, opts }) => {
        const limit = String(opts.limit);
        if (!/^[1-9]\d*$/.test(limit)) throw new CommandError(`--limit: ${JSON.stringify(limit)} is not a whole number ≥ 1`);
        const records = await store.faxRecords(parseSince(String(opts.since)), Number(limit));
        // The stream entry id is the time it was kept (ms): the table shows it, --json gives the id itself.
        const rows = records.map((r) => (opts.json ? { id: r.id, ...r.fields } : { ...r.fields, received: new Date(Number(r.id.split('-')[0])).toISOString() }));
        printList(opts, CDR_COLUMNS, rows);
      }),
    );
}
