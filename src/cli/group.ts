// `firebridge group add|set|show|list|del`: ring groups (README → Ring groups), kept in the store every
// instance shares. Every member and the fallback are checked as route-list destinations (spec §4.2)
// before anything is written; a bad one is refused with the reason, and nothing is changed. `import`
// takes a CSV file whole (cli/group-import.ts), refusing it with file:line for every problem.
import { Command, InvalidArgumentError } from 'commander';
import { plural } from '../text/plural.js';
import type { RouteTarget } from '../firebrick/route-plan.js';
import {
  checkGroupName,
  checkGroupNumber,
  DEFAULT_MEMBER_DELAY_SECONDS,
  expandGroup,
  formatDestination,
  GROUP_STRATEGIES,
  isGroupStrategy,
  readDestination,
  type GroupStrategy,
  type RingGroup,
} from '../rules/groups/index.js';
import type { Store } from '../store/index.js';
import { CommandError, withCommandContext } from './context.js';
import { cellProblem, importRefused, readImportText, type ImportProblem } from './csv-import.js';
import { parseGroupImport } from './group-import.js';
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

export function describeGroup(g: RingGroup): Record<string, unknown> {
  return {
    name: g.name,
    number: g.number ?? null,
    strategy: g.strategy,
    delay: g.delaySeconds,
    members: g.members.map(formatDestination),
    fallback: g.fallback ? formatDestination(g.fallback) : null,
    ringTime: g.ringSeconds ?? null,
  };
}

function readName(text: string): string {
  const checked = checkGroupName(text);
  if (!checked.ok) throw new CommandError(`${JSON.stringify(text)} ${checked.why}`);
  return checked.value;
}

/** Every destination given, read; all refused at once, each with its option and reason. */
function readDestinations(option: string, texts: readonly string[], problems: string[]): RouteTarget[] {
  return texts.flatMap((text) => {
    const read = readDestination(text);
    if (!read.ok) {
      problems.push(`${option} ${JSON.stringify(text)} ${read.why}`);
      return [];
    }
    return [read.value];
  });
}

const same = (a: RouteTarget, b: RouteTarget): boolean => formatDestination(a) === formatDestination(b);

function refuseDuplicates(members: readonly RouteTarget[], problems: string[]): void {
  members.forEach((m, i) => {
    if (members.findIndex((o) => same(o, m)) < i) problems.push(`${formatDestination(m)} is a member twice`);
  });
}

/** The group as the options leave it: `current` for `set`, nothing for `add`. */
function applyOptions(name: string, opts: GroupOptions, current: RingGroup | undefined): RingGroup {
  const problems: string[] = [];
  let members = opts.member !== undefined ? readDestinations('--member', opts.member, problems) : [...(current?.members ?? [])];
  for (const removed of readDestinations('--remove-member', opts.removeMember ?? [], problems)) {
    if (!members.some((m) => same(m, removed))) problems.push(`${formatDestination(removed)} is not a member of ${name}`);
    members = members.filter((m) => !same(m, removed));
  }
  members.push(...readDestinations('--add-member', opts.addMember ?? [], problems));
  refuseDuplicates(members, problems);
  if (members.length === 0 && problems.length === 0) problems.push(current ? `${name} would have no member left` : 'give at least one --member');

  let strategy: GroupStrategy = current?.strategy ?? 'all';
  if (opts.strategy !== undefined) {
    if (isGroupStrategy(opts.strategy)) strategy = opts.strategy;
    else problems.push(`--strategy ${JSON.stringify(opts.strategy)} is not one of ${GROUP_STRATEGIES.join(', ')}`);
  }
  let number = current?.number;
  if (opts.number !== undefined) {
    const checked = opts.number === '' ? undefined : checkGroupNumber(opts.number);
    if (checked && !checked.ok) problems.push(`--number ${JSON.stringify(opts.number)} ${checked.why}`);
    number = checked?.ok ? checked.value : undefined;
  }
  let fallback = current?.fallback;
  if (opts.fallback !== undefined) fallback = opts.fallback === '' ? undefined : readDestinations('--fallback', [opts.fallback], problems)[0];
  const ringSeconds = opts.ringTime !== undefined ? opts.ringTime || undefined : current?.ringSeconds;
  if (problems.length) throw new CommandError(`group ${name} not ${current ? 'changed' : 'added'}:\n  ${problems.join('\n  ')}`);
  return {
    name,
    ...(number !== undefined ? { number } : {}),
    members,
    strategy,
    delaySeconds: opts.delay ?? current?.delaySeconds ?? DEFAULT_MEMBER_DELAY_SECONDS,
    ...(fallback ? { fallback } : {}),
    ...(ringSeconds !== undefined ? { ringSeconds } : {}),
  };
}

async function save(store: Store, group: RingGroup, opts: GroupOptions, done: string): Promise<void> {
  const put = await store.groups.put(group);
  if (!put.ok) throw new CommandError(`number ${group.number} already reaches group ${put.numberTakenBy}`);
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
        await save(store, applyOptions(name, opts, undefined), opts, 'added');
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
        await save(store, applyOptions(name, opts, current), opts, 'changed');
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
        const existing = new Map((await store.groups.list()).map((g) => [g.name, g]));
        // A number of a stored group the file does not replace stays taken.
        const inFile = new Set(parsed.rows.map((r) => r.group.name));
        const taken = new Map([...existing.values()].filter((g) => !inFile.has(g.name) && g.number !== undefined).map((g) => [g.number!, g.name]));
        const problems: ImportProblem[] = [];
        for (const { line, group: g } of parsed.rows) {
          const owner = g.number !== undefined ? taken.get(g.number) : undefined;
          if (owner !== undefined) problems.push(cellProblem(line, 'number', g.number!, `reaches group ${owner} already`));
        }
        if (parsed.problems.length || problems.length) throw importRefused(file, [...parsed.problems, ...problems]);
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
        if (opts.json) writeJsonLine({ file, groups: parsed.rows.length, written: parsed.rows.length });
        else process.stdout.write(`imported ${counts} from ${file}\n`);
      });
    });
}
