// Ring groups as operators change and see them (README → Ring groups), shared by `firebridge group
// add|set|show|import` and /api/groups: every member and the fallback checked as route-list
// destinations (spec §4.2), all problems found at once before anything is written, each naming the
// field it is about in the caller's own words (`--member` for a command, `members` for the API).
import type { RouteTarget } from '../firebrick/route-plan.js';
import {
  checkGroupNumber,
  DEFAULT_MEMBER_DELAY_SECONDS,
  formatDestination,
  GROUP_STRATEGIES,
  isGroupStrategy,
  readDestination,
  type GroupStrategy,
  type RingGroup,
} from '../rules/groups/index.js';
import type { Store } from '../store/index.js';
import { cellProblem, type ImportProblem } from './csv-records.js';
import type { GroupImport } from './group-import.js';

/** What an operator changes; undefined leaves it. `number` or `fallback` '' removes it, `ringTime` 0 too. */
export interface GroupChanges {
  readonly member?: readonly string[];
  readonly addMember?: readonly string[];
  readonly removeMember?: readonly string[];
  readonly number?: string;
  readonly strategy?: string;
  readonly delay?: number;
  readonly fallback?: string;
  readonly ringTime?: number;
}

export type GroupField = keyof GroupChanges;

export interface GroupProblem {
  readonly field: GroupField;
  readonly message: string;
}

export function describeGroup(g: RingGroup) {
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

const same = (a: RouteTarget, b: RouteTarget): boolean => formatDestination(a) === formatDestination(b);

/**
 * The group as the changes leave it (`current` for a change, nothing for a new one), or every
 * problem; `label` names a field as the caller wrote it ("--member", "members").
 */
export function applyGroupChanges(
  name: string,
  c: GroupChanges,
  current: RingGroup | undefined,
  label: (field: GroupField) => string,
): { ok: true; group: RingGroup } | { ok: false; problems: GroupProblem[] } {
  const problems: GroupProblem[] = [];
  const destinations = (field: GroupField, texts: readonly string[]): RouteTarget[] =>
    texts.flatMap((text) => {
      const read = readDestination(text);
      if (read.ok) return [read.value];
      problems.push({ field, message: `${label(field)} ${JSON.stringify(text)} ${read.why}` });
      return [];
    });
  let members = c.member !== undefined ? destinations('member', c.member) : [...(current?.members ?? [])];
  for (const removed of destinations('removeMember', c.removeMember ?? [])) {
    if (!members.some((m) => same(m, removed))) problems.push({ field: 'removeMember', message: `${formatDestination(removed)} is not a member of ${name}` });
    members = members.filter((m) => !same(m, removed));
  }
  members.push(...destinations('addMember', c.addMember ?? []));
  members.forEach((m, i) => {
    if (members.findIndex((o) => same(o, m)) < i) problems.push({ field: 'member', message: `${formatDestination(m)} is a member twice` });
  });
  if (members.length === 0 && problems.length === 0) problems.push({ field: 'member', message: current ? `${name} would have no member left` : `give at least one ${label('member')}` });

  let strategy: GroupStrategy = current?.strategy ?? 'all';
  if (c.strategy !== undefined) {
    if (isGroupStrategy(c.strategy)) strategy = c.strategy;
    else problems.push({ field: 'strategy', message: `${label('strategy')} ${JSON.stringify(c.strategy)} is not one of ${GROUP_STRATEGIES.join(', ')}` });
  }
  let number = current?.number;
  if (c.number !== undefined) {
    const checked = c.number === '' ? undefined : checkGroupNumber(c.number);
    if (checked && !checked.ok) problems.push({ field: 'number', message: `${label('number')} ${JSON.stringify(c.number)} ${checked.why}` });
    number = checked?.ok ? checked.value : undefined;
  }
  let fallback = current?.fallback;
  if (c.fallback !== undefined) fallback = c.fallback === '' ? undefined : destinations('fallback', [c.fallback])[0];
  const ringSeconds = c.ringTime !== undefined ? c.ringTime || undefined : current?.ringSeconds;
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    group: {
      name,
      ...(number !== undefined ? { number } : {}),
      members,
      strategy,
      delaySeconds: c.delay ?? current?.delaySeconds ?? DEFAULT_MEMBER_DELAY_SECONDS,
      ...(fallback ? { fallback } : {}),
      ...(ringSeconds !== undefined ? { ringSeconds } : {}),
    },
  };
}

/**
 * A parsed group import checked against the stored groups: a number of a stored group the file does
 * not replace stays taken. Every problem (the file's and these), and the groups it would replace.
 */
export async function checkGroupImport(store: Pick<Store, 'groups'>, parsed: GroupImport): Promise<{ problems: ImportProblem[]; existing: Map<string, RingGroup> }> {
  const existing = new Map((await store.groups.list()).map((g) => [g.name, g]));
  const inFile = new Set(parsed.rows.map((r) => r.group.name));
  const taken = new Map([...existing.values()].filter((g) => !inFile.has(g.name) && g.number !== undefined).map((g) => [g.number!, g.name]));
  const problems: ImportProblem[] = [...parsed.problems];
  for (const { line, group: g } of parsed.rows) {
    const owner = g.number !== undefined ? taken.get(g.number) : undefined;
    if (owner !== undefined) problems.push(cellProblem(line, 'number', g.number!, `reaches group ${owner} already`));
  }
  return { problems, existing };
}
