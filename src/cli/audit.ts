// `firebridge audit`: the audit trail (store/audit.ts) — who changed which setting, newest first.
import type { Command } from 'commander';
import { formatActor, type AuditRecord } from '../store/index.js';
import { withCommandContext } from './context.js';
import { configOption, mergedOptions, nonNegativeInt } from './options.js';
import { jsonListOption, printTable, writeJsonLines } from './output.js';

interface AuditOptions {
  config?: string;
  subject?: string;
  count?: number;
  json?: boolean;
}

const values = (r: Readonly<Record<string, unknown>>): string =>
  Object.entries(r)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ') || '-';

function row(r: AuditRecord): Record<string, unknown> {
  return { at: new Date(r.at).toISOString(), who: formatActor(r.who), subject: r.subject, what: r.what, before: values(r.before), after: values(r.after) };
}

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('list the audit trail of changes (feature codes, subscriber add|set|del, the admin API), newest first')
    .option(...configOption)
    .option('--subject <subject>', 'only changes of this subject, e.g. subscriber:<realm>:<user>')
    .option('--count <n>', 'most changes listed (default 50)', nonNegativeInt)
    .option(...jsonListOption('change'))
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = mergedOptions<AuditOptions>(cmd);
      await withCommandContext(opts.config, async (ctx) => {
        const records = await ctx.store.audit.list({ count: opts.count ?? 50, ...(opts.subject !== undefined ? { subject: opts.subject } : {}) });
        if (opts.json) writeJsonLines(records);
        else printTable(['at', 'who', 'subject', 'what', 'before', 'after'], records.map(row));
      });
    });
}
