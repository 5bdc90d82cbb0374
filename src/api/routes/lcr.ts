// /api/lcr: least-cost routing tables as `firebridge lcr list|show|import|del` manage them (sharing
// app/lcr.ts and app/lcr-import.ts): a PUT's body is the CSV file, validated whole, the table
// replaced atomically for readers or nothing written. Every change is audited.
import { z } from 'zod';
import { lcrChoice, lcrInfo, lcrTableSize, lcrTableView } from '../../app/lcr.js';
import { parseLcrImport } from '../../app/lcr-import.js';
import { LCR_NUMBER, LCR_TABLE_NAME } from '../../rules/lcr/index.js';
import { LcrImportRaceError } from '../../store/index.js';
import { plural } from '../../text/plural.js';
import { auditApiChange } from '../audit.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';

const info = z.object({ table: z.string(), entries: z.number().int(), prefixes: z.number().int(), imported: z.string(), source: z.string().optional() });
const entry = { prefix: z.string(), carrier: z.string(), priority: z.number(), rate: z.number(), window: z.string().nullable(), strip: z.number().int(), prepend: z.string() };
const tableView = info.extend({ at: z.string(), entries: z.array(z.object({ ...entry, now: z.string() })) });
const choice = z.object({
  table: z.string(),
  number: z.string(),
  at: z.string(),
  prefix: z.string().nullable(),
  legs: z.array(z.object({ leg: z.string(), ...entry })),
  skipped: z.array(z.object({ ...entry, why: z.string() })),
  note: z.string(),
});

const tableParam = z.object({ table: z.string().regex(LCR_TABLE_NAME, 'an LCR table name is letters, digits, ".", "_" or "-" (at most 64)') });

export function lcrRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get('/api/lcr', { config: { role: 'read-only' }, schema: { tags: ['lcr'], summary: 'Every LCR table, with its size and when it was imported', response: { 200: z.array(info) } } }, async () =>
    (await deps.store.lcr.list()).map(lcrInfo),
  );
  app.get(
    '/api/lcr/:table',
    {
      config: { role: 'read-only' },
      schema: {
        tags: ['lcr'],
        summary: "A table's entries and whether each may be used; with number, the entries chosen for it and why others were skipped (as `lcr show`)",
        params: tableParam,
        querystring: z.object({ number: z.string().regex(LCR_NUMBER, 'not a number (digits, optionally a leading +)').optional(), at: z.iso.datetime({ offset: true }).optional().describe('judge time windows at this time, not now') }).strict(),
        response: { 200: z.union([choice, tableView]) },
      },
    },
    async (request) => {
      const { table } = request.params;
      const at = request.query.at !== undefined ? new Date(request.query.at) : new Date(deps.now());
      if (request.query.number !== undefined) {
        const chosen = await lcrChoice(deps.store, table, request.query.number, at);
        if (!chosen) throw notFound(`LCR table ${table}`);
        return chosen;
      }
      const held = await deps.store.lcr.table(table);
      if (!held) throw notFound(`LCR table ${table}`);
      return lcrTableView(held, at);
    },
  );
  app.put(
    '/api/lcr/:table',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['lcr'],
        summary: 'Create or replace a table from CSV (text/csv body: prefix,carrier,priority,rate[,window][,strip][,prepend]); all or nothing',
        params: tableParam,
        body: z.string(),
        response: { 200: info },
      },
    },
    async (request) => {
      const { table } = request.params;
      const result = parseLcrImport(request.body);
      if (!result.ok) {
        const problems = [...result.problems].sort((a, b) => a.line - b.line).map((p) => ({ path: `line ${p.line}`, message: p.message }));
        throw new ApiError(400, 'invalid-request', `import refused, nothing written (${plural(problems.length, 'problem')})`, problems);
      }
      const before = (await deps.store.lcr.list()).find((t) => t.name === table);
      let replaced;
      try {
        replaced = await deps.store.lcr.replace(table, result.entries, `api:${request.caller?.name ?? 'unknown'}`);
      } catch (err) {
        if (err instanceof LcrImportRaceError) throw new ApiError(409, 'replaced-meanwhile', err.message);
        throw err;
      }
      await auditApiChange(deps, request, { subject: `lcr:${table}`, what: 'lcr import', before: lcrTableSize(before), after: lcrTableSize(replaced) });
      return lcrInfo(replaced);
    },
  );
  app.delete(
    '/api/lcr/:table',
    { config: { role: 'operator' }, schema: { tags: ['lcr'], summary: 'Delete a table (rule legs using it are then skipped)', params: tableParam, response: { 204: z.null() } } },
    async (request, reply) => {
      const { table } = request.params;
      const before = (await deps.store.lcr.list()).find((t) => t.name === table);
      if (!(await deps.store.lcr.delete(table))) throw notFound(`LCR table ${table}`);
      await auditApiChange(deps, request, { subject: `lcr:${table}`, what: 'lcr del', before: lcrTableSize(before) });
      return reply.code(204).send(null);
    },
  );
}
