// /api/groups: ring groups as `firebridge group add|set|show|list|del|import` manage them, sharing
// app/groups.ts: every member and the fallback checked as route-list destinations (spec §4.2),
// every problem named by its field, nothing written unless all are good. Every change is audited.
import { z } from 'zod';
import { applyGroupChanges, checkGroupImport, describeGroup, type GroupChanges, type GroupField } from '../../app/groups.js';
import { parseGroupImport } from '../../app/group-import.js';
import { checkGroupName, expandGroup, type RingGroup } from '../../rules/groups/index.js';
import { plural } from '../../text/plural.js';
import { auditApiChange } from '../audit.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';

const group = z.object({
  name: z.string(),
  number: z.string().nullable(),
  strategy: z.string(),
  delay: z.number().int(),
  members: z.array(z.string()),
  fallback: z.string().nullable(),
  ringTime: z.number().int().nullable(),
});

/** The API's names of the fields (the commands' are their options). */
const FIELD: Record<GroupField, string> = {
  member: 'members',
  addMember: 'addMembers',
  removeMember: 'removeMembers',
  number: 'number',
  strategy: 'strategy',
  delay: 'delay',
  fallback: 'fallback',
  ringTime: 'ringTime',
};

const seconds = (min: number) => z.number().int().min(min).max(999);
const fields = {
  number: z.string().nullable().optional().describe('the dialled number that reaches the group; null removes it'),
  strategy: z.string().optional().describe('all, cascade, round-robin (new: all)'),
  delay: seconds(1).optional().describe('cascade and round-robin: seconds between one member and the next'),
  fallback: z.string().nullable().optional().describe('where the call goes when no member answers; null removes it'),
  ringTime: seconds(0).nullable().optional().describe('seconds the members ring before the fallback; null or 0: no limit'),
};

function refused(problems: readonly { field: GroupField; message: string }[]): ApiError {
  const listed = problems.map((p) => ({ path: `body.${FIELD[p.field]}`, message: p.message }));
  return new ApiError(400, 'invalid-request', listed.map((p) => `${p.path}: ${p.message}`).join('; '), listed);
}

function groupName(text: string, where: string): string {
  const checked = checkGroupName(text);
  if (!checked.ok) throw new ApiError(400, 'invalid-request', `${where}: ${JSON.stringify(text)} ${checked.why}`, [{ path: where, message: `${JSON.stringify(text)} ${checked.why}` }]);
  return checked.value;
}

export function groupRoutes(app: ApiApp, deps: ApiDeps): void {
  const named = z.object({ name: z.string() });
  const save = async (g: RingGroup): Promise<void> => {
    const put = await deps.store.groups.put(g);
    if (!put.ok) throw new ApiError(409, 'number-taken', `number ${g.number} already reaches group ${put.numberTakenBy}`, [{ path: 'body.number', message: `reaches group ${put.numberTakenBy} already` }]);
  };
  const changes = (body: { number?: string | null; fallback?: string | null; ringTime?: number | null }): Pick<GroupChanges, 'number' | 'fallback' | 'ringTime'> => ({
    number: body.number === null ? '' : body.number,
    fallback: body.fallback === null ? '' : body.fallback,
    ringTime: body.ringTime === null ? 0 : body.ringTime,
  });

  app.get('/api/groups', { config: { role: 'read-only' }, schema: { tags: ['groups'], summary: 'Ring groups, by name', response: { 200: z.array(group) } } }, async () =>
    (await deps.store.groups.list()).map(describeGroup),
  );
  app.get(
    '/api/groups/:name',
    { config: { role: 'read-only' }, schema: { tags: ['groups'], summary: 'One ring group, and how the next call to it rings', params: named, response: { 200: group.extend({ nextCall: z.string() }) } } },
    async (request) => {
      const found = await deps.store.groups.peek(groupName(request.params.name, 'params.name'));
      if (!found || found.group.name !== request.params.name) throw notFound(`group ${request.params.name}`);
      return { ...describeGroup(found.group), nextCall: expandGroup(found.group, found.position).note };
    },
  );
  app.post(
    '/api/groups',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['groups'],
        summary: 'Add a ring group (as `group add`)',
        body: z.object({ name: z.string(), members: z.array(z.string()).describe('in ring order: 201, tel:201, sip:URI, @carrier, 0123@carrier'), ...fields }).strict(),
        response: { 201: group },
      },
    },
    async (request, reply) => {
      const { name: text, members, strategy, delay } = request.body;
      const name = groupName(text, 'body.name');
      if (await deps.store.groups.get(name)) throw new ApiError(409, 'exists', `group ${name} exists; change it with PATCH`);
      const applied = applyGroupChanges(name, { member: members, strategy, delay, ...changes(request.body) }, undefined, (f) => FIELD[f]);
      if (!applied.ok) throw refused(applied.problems);
      await save(applied.group);
      await auditApiChange(deps, request, { subject: `group:${name}`, what: 'group add', after: describeGroup(applied.group) });
      return reply.code(201).send(describeGroup(applied.group));
    },
  );
  app.patch(
    '/api/groups/:name',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['groups'],
        summary: 'Change a ring group (as `group set`): only what is given',
        params: named,
        body: z.object({ members: z.array(z.string()).optional().describe('replaces the members'), addMembers: z.array(z.string()).optional(), removeMembers: z.array(z.string()).optional(), ...fields }).strict(),
        response: { 200: group },
      },
    },
    async (request) => {
      const name = groupName(request.params.name, 'params.name');
      const current = await deps.store.groups.get(name);
      if (!current) throw notFound(`group ${name}`);
      const { members, addMembers, removeMembers, strategy, delay } = request.body;
      const applied = applyGroupChanges(name, { member: members, addMember: addMembers, removeMember: removeMembers, strategy, delay, ...changes(request.body) }, current, (f) => FIELD[f]);
      if (!applied.ok) throw refused(applied.problems);
      await save(applied.group);
      await auditApiChange(deps, request, { subject: `group:${name}`, what: 'group set', before: describeGroup(current), after: describeGroup(applied.group) }, { ifChanged: true });
      return describeGroup(applied.group);
    },
  );
  app.delete(
    '/api/groups/:name',
    { config: { role: 'operator' }, schema: { tags: ['groups'], summary: 'Delete a ring group (rules that name it then skip its leg)', params: named, response: { 204: z.null() } } },
    async (request, reply) => {
      const name = groupName(request.params.name, 'params.name');
      const current = await deps.store.groups.get(name);
      if (!current || !(await deps.store.groups.delete(name))) throw notFound(`group ${name}`);
      await auditApiChange(deps, request, { subject: `group:${name}`, what: 'group del', before: describeGroup(current) });
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/groups/import',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['groups'],
        summary: 'Create or replace ring groups from CSV (text/csv body; README → Ring groups lists the columns); all or nothing',
        body: z.string(),
        response: { 200: z.object({ imported: z.number().int(), new: z.number().int(), replaced: z.number().int() }) },
      },
    },
    async (request) => {
      const parsed = parseGroupImport(request.body);
      const { problems, existing } = await checkGroupImport(deps.store, parsed);
      if (problems.length) {
        const listed = [...problems].sort((a, b) => a.line - b.line).map((p) => ({ path: `line ${p.line}`, message: p.message }));
        throw new ApiError(400, 'invalid-request', `import refused, nothing written (${plural(listed.length, 'problem')})`, listed);
      }
      // One atomic write: a number may change hands within the file, and a failure writes nothing.
      const put = await deps.store.groups.put(...parsed.rows.map((r) => r.group));
      if (!put.ok) throw new ApiError(409, 'number-taken', `group ${put.group}: its number reaches group ${put.numberTakenBy} (changed while importing?); nothing written`);
      for (const { group: g } of parsed.rows) {
        const before = existing.get(g.name);
        await auditApiChange(deps, request, { subject: `group:${g.name}`, what: 'group import', before: before ? describeGroup(before) : {}, after: describeGroup(g) });
      }
      const replaced = parsed.rows.filter((r) => existing.has(r.group.name)).length;
      return { imported: parsed.rows.length, new: parsed.rows.length - replaced, replaced };
    },
  );
}
