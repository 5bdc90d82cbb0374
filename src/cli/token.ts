// `firebridge token add|list|revoke`: bearer tokens of the admin API (README → Console and API). A new
// token is printed once and kept only as its hash; revoke takes the id or the name.
import { InvalidArgumentError, type Command } from 'commander';
import { newToken } from '../api/tokens.js';
import { API_ROLES, type ApiRole, type ApiTokenRecord } from '../store/index.js';
import { SECRET_SET } from '../app/audit.js';
import { auditCommand } from './audit-change.js';
import { CommandError, withCommandContext } from './context.js';
import { configOption, mergedOptions } from './options.js';
import { jsonListOption, jsonObjectOption, printTable, writeJsonLine, writeJsonLines } from './output.js';

interface TokenOptions {
  config?: string;
  json?: boolean;
  role?: ApiRole;
}

function role(value: string): ApiRole {
  if (!(API_ROLES as readonly string[]).includes(value)) throw new InvalidArgumentError(`one of ${API_ROLES.join(', ')}`);
  return value as ApiRole;
}

const view = (t: ApiTokenRecord): Record<string, unknown> => ({ id: t.id, name: t.name, role: t.role, created: new Date(t.createdAt).toISOString() });

export function registerToken(program: Command): void {
  const token = program.command('token').description('bearer tokens of the admin API and console');

  token
    .command('add <name>')
    .description('create a token and print it (once: only its hash is kept)')
    .requiredOption('--role <role>', `what it may do: ${API_ROLES.join(' | ')}`, role)
    .option(...configOption)
    .option(...jsonObjectOption('the token'))
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const opts = mergedOptions<TokenOptions>(cmd);
      await withCommandContext(opts.config, async (ctx) => {
        if ((await ctx.store.tokens.list()).some((t) => t.name === name)) throw new CommandError(`a token named "${name}" exists; revoke it first or choose another name`);
        const made = newToken(name, opts.role!, Date.now());
        await ctx.store.tokens.put(made.record);
        await auditCommand(ctx.store, { subject: `token:${made.record.id}`, what: 'token add', after: { name: made.record.name, role: made.record.role, token: SECRET_SET } });
        if (opts.json) writeJsonLine({ ...view(made.record), token: made.token });
        else process.stdout.write(`${made.token}\n`);
        if (!opts.json) process.stderr.write(`token "${name}" (${opts.role}, id ${made.record.id}) created; it is shown only now\n`);
      });
    });

  token
    .command('list')
    .description('the tokens (never their secrets)')
    .option(...configOption)
    .option(...jsonListOption('token'))
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = mergedOptions<TokenOptions>(cmd);
      await withCommandContext(opts.config, async (ctx) => {
        const all = (await ctx.store.tokens.list()).map(view);
        if (opts.json) writeJsonLines(all);
        else printTable(['id', 'name', 'role', 'created'], all);
      });
    });

  token
    .command('revoke <id-or-name>')
    .description('delete a token: requests with it get 401 from now on')
    .option(...configOption)
    .action(async (which: string, _opts: unknown, cmd: Command) => {
      const opts = mergedOptions<TokenOptions>(cmd);
      await withCommandContext(opts.config, async (ctx) => {
        const found = (await ctx.store.tokens.list()).filter((t) => t.id === which || t.name === which);
        if (found.length === 0) throw new CommandError(`no token ${which}`);
        for (const t of found) {
          await ctx.store.tokens.delete(t.id);
          await auditCommand(ctx.store, { subject: `token:${t.id}`, what: 'token revoke', before: { name: t.name, role: t.role, token: SECRET_SET } });
        }
        process.stdout.write(`revoked ${found.map((t) => `"${t.name}" (${t.id})`).join(', ')}\n`);
      });
    });
}
