// `firebridge group add|set|show|list|del`: ring groups (README → Ring groups), kept in the store every
// instance shares. Every member and the fallback are checked as route-list destinations (spec §4.2)
// before anything is written; a bad one is refused with the reason, and nothing is changed. `import`
// takes a CSV file whole (cli/group-import.ts), refusing it with file:line for every problem.
import { Command, InvalidArgumentError } from 'commander';
import { plural } from '../text/plural.js';
import { checkGroupName, DEFAULT_MEMBER_DELAY_SECONDS, expandGroup, GROUP_STRATEGIES, type RingGroup } from '../rules/groups/index.js';
import type { Store } from '../store/index.js';
import { auditCommand } from './audit-change.js';
import { CommandError, withCommandContext } from './context.js';
import { importRefused, readImportText } from './csv-import.js';
import { applyGroupChanges, checkGroupImport, describeGroup, type GroupField } from '../app/groups.js';
import { parseGroupImport } from '../app/group-import.js';
import { configOption, mergedOptions } from './options.js';
import { jsonListOption, jsonObjectOption, printFields, printTable, writeJsonLine, writeJsonLines } from './output.js';

interface GroupOptions {
  config?: string;
  json?: boolean;
  member?: string[];
  addMember?: string[];
  removeMember?: string[];
  number?: string;
  strategy?: string;
  delay?: number;
  fallback?: string;
  ringTime?: number;
  dryRun?: boolean;
}

export { describeGroup };

const LIST_COLUMNS = ['name', 'number', 'strategy', 'delay', 'members', 'fallback', 'ringTime'];
const MAX_DELAY_SECONDS = 999;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function seconds(min: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > MAX_DELAY_SECONDS) {
      throw new InvalidArgumentError(`expected whole seconds from ${min} to ${MAX_DELAY_SECONDS}`);
    }
    return Number(value);
  };
}

function readName(text: string): string {
  const checked = checkGroupName(text);
  if (!checked.ok) throw new CommandError(`${JSON.stringify(text)} ${checked.why}`);
  return checked.value;
}

const OPTION: Record<GroupField, string> = {
  member: '--member',
  addMember: '--add-member',
  removeMember: '--remove-member',
  number: '--number',
  strategy: '--strategy',
  delay: '--delay',
  fallback: '--fallback',
  ringTime: '--ring-time',
};

/** The group as the options leave it: `current` for `set`, nothing for `add`. */
function applyOptions(name: string, opts: GroupOptions, current: RingGroup | undefined): RingGroup {
  const applied = applyGroupChanges(name, opts, current, (f) => OPTION[f]);
  if (!applied.ok) throw new CommandError(`group ${name} not ${current ? 'changed' : 'added'}:\n  ${applied.problems.map((p) => p.message).join('\n  ')}`);
  return applied.group;
}

async function save(store: Store, group: RingGroup, current: RingGroup | undefined, opts: GroupOptions, done: string): Promise<void> {
  const put = await store.groups.put(group);
  if (!put.ok) throw new CommandError(`number ${group.number} already reaches group ${put.numberTakenBy}`);
  await auditCommand(
    store,
    { subject: `group:${group.name}`, what: current ? 'group set' : 'group add', ...(current ? { before: describeGroup(current) } : {}), after: describeGroup(group) },
    { ifChanged: current !== undefined },
  );
  if (opts.json) writeJsonLine(describeGroup(group));
  else process.stdout.write(`${done} group ${group.name}: ${expandGroup(group, 0).note}\n`);
}

async function requireGroup(store: Store, name: string): Promise<RingGroup> {
  const found = await store.groups.get(name);
  if (!found) throw new CommandError(`no group ${JSON.stringify(name)} (see "firebridge group list")`);
  return found;
}

function withGroupOptions(cmd: Command): Command {
  return cmd
    .option(...configOption)
    .option('--number <number>', 'the dialled number (DID or extension) that reaches the group, for a rule\'s group: "${called}"')
    .option('--strategy <strategy>', `${GROUP_STRATEGIES.join(' | ')} (add: default all)`)
    .option('--delay <seconds>', `cascade and round-robin: seconds between one member and the next (add: default ${DEFAULT_MEMBER_DELAY_SECONDS})`, seconds(1))
    .option('--fallback <destination>', 'where the call goes when no member answers, e.g. sip:vm@example.com')
    .option('--ring-time <seconds>', 'seconds the members ring before the fallback starts (members due later are left out); 0: no limit', seconds(0));
}

export function registerGroup(program: Command): void {
  const group = program.command('group').description('ring groups (hunt groups): members, strategy, fallback');
  const run = (cmd: Command, fn: (store: Store, opts: GroupOptions) => Promise<void>): Promise<void> => {
    const opts = mergedOptions<GroupOptions>(cmd);
    return withCommandContext(opts.config, (ctx) => fn(ctx.store, opts));
  };
  const destinationHelp = 'a number (201), tel:201, a sip: URI, @carrier or 0123@carrier';

  withGroupOptions(group.command('add <name>').description('add a ring group'))
    .option('--member <destination>', `a member, in ring order (repeat): ${destinationHelp}`, collect)
    .option(...jsonObjectOption('the group'))
    .action(async (text: string, _o: unknown, cmd: Command) => {
      const name = readName(text);
      await run(cmd, async (store, opts) => {
        if (await store.groups.get(name)) throw new CommandError(`group ${name} exists; use "firebridge group set"`);
        await save(store, applyOptions(name, opts, undefined), undefined, opts, 'added');
      });
    });

  withGroupOptions(group.command('set <name>').description("change a ring group: only what is given; --number '' or --fallback '' removes it, --ring-time 0 too"))
    .option('--member <destination>', 'replace the members, in ring order (repeat)', collect)
    .option('--add-member <destination>', 'add a member at the end (repeat)', collect)
    .option('--remove-member <destination>', 'remove a member (repeat)', collect)
    .option(...jsonObjectOption('the group'))
    .action(async (text: string, _o: unknown, cmd: Command) => {
      const name = readName(text);
      await run(cmd, async (store, opts) => {
        const current = await requireGroup(store, name);
        const given = ['member', 'addMember', 'removeMember', 'number', 'strategy', 'delay', 'fallback', 'ringTime'] as const;
        if (!given.some((k) => opts[k] !== undefined)) throw new CommandError('nothing to change (see --help)');
        await save(store, applyOptions(name, opts, current), current, opts, 'changed');
      });
    });

  group
    .command('show <name>')
    .description('show one ring group, and how the next call to it rings')
    .option(...configOption)
    .option(...jsonObjectOption('the group'))
    .action(async (text: string, _o: unknown, cmd: Command) => {
      const name = readName(text);
      await run(cmd, async (store, opts) => {
        const found = await store.groups.peek(name);
        if (!found) throw new CommandError(`no group ${JSON.stringify(name)} (see "firebridge group list")`);
        const shown = { ...describeGroup(found.group), nextCall: expandGroup(found.group, found.position).note };
        if (opts.json) writeJsonLine(shown);
        else printFields(shown);
      });
    });

  group
    .command('list')
    .description('list ring groups, by name')
    .option(...configOption)
    .option(...jsonListOption('group'))
    .action(async (_o: unknown, cmd: Command) => {
      await run(cmd, async (store, opts) => {
        const groups = (await store.groups.list()).map(describeGroup);
        if (opts.json) writeJsonLines(groups);
        else printTable(LIST_COLUMNS, groups.map((g) => ({ ...g, members: (g.members as string[]).join(', ') })));
      });
    });

  group
    .command('del <name>')
    .description('delete a ring group (rules that name it then skip its leg)')
    .option(...configOption)
    .option(...jsonObjectOption('what was deleted'))
    .action(async (text: string, _o: unknown, cmd: Command) => {
      const name = readName(text);
      await run(cmd, async (store, opts) => {
        const current = await requireGroup(store, name);
        await store.groups.delete(name);
        await auditCommand(store, { subject: `group:${name}`, what: 'group del', before: describeGroup(current) });
        if (opts.json) writeJsonLine({ deleted: name, number: current.number ?? null });
        else process.stdout.write(`deleted group ${name}${current.number !== undefined ? ` (number ${current.number})` : ''}\n`);
      });
    });

  group
    .command('import <file>')
    .description('create or replace ring groups from CSV with a header row (README → Ring groups lists the columns); all or nothing')
    .option(...configOption)
    .option('--dry-run', 'validate the file (and its numbers against the stored groups) and say what would be imported; write nothing')
    .option(...jsonObjectOption('the outcome'))
    .action(async (file: string, _o: unknown, cmd: Command) => {
      await run(cmd, async (store, opts) => {
        const parsed = parseGroupImport(readImportText(file));
        const { problems, existing } = await checkGroupImport(store, parsed);
        if (problems.length) throw importRefused(file, problems);
        const replaced = parsed.rows.filter((r) => existing.has(r.group.name)).length;
        const counts = `${plural(parsed.rows.length, 'group')} (${parsed.rows.length - replaced} new, ${replaced} replaced)`;
        if (opts.dryRun) {
          if (opts.json) writeJsonLine({ file, groups: parsed.rows.length, written: 0 });
          else process.stdout.write(`${file}: ${counts} valid; nothing written (--dry-run)\n`);
          return;
        }
        // One atomic write: a number may change hands within the file, and a failure writes nothing.
        const put = await store.groups.put(...parsed.rows.map((r) => r.group));
        if (!put.ok) throw new CommandError(`group ${put.group}: its number reaches group ${put.numberTakenBy} (changed while importing?); nothing written`);
        for (const { group: g } of parsed.rows) {
          const before = existing.get(g.name);
          await auditCommand(store, { subject: `group:${g.name}`, what: 'group import', before: before ? describeGroup(before) : {}, after: describeGroup(g) });
        }
        if (opts.json) writeJsonLine({ file, groups: parsed.rows.length, written: parsed.rows.length });
        else process.stdout.write(`imported ${counts} from ${file}\n`);
      });
    });
}
