// /api/records: call records filtered and paged (JSON) or exported whole (CSV), and the summary the
// console's charts draw (app/record-stats.ts). Records are read from the store as `firebridge cdr`
// reads them: oldest first, from `since`, at most `api` scan limit of them.
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { filterRecords, readSince, recordStats } from '../../app/record-stats.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';

/** Most records one request reads from the store (a day of a busy trunk is far below it). */
export const RECORD_SCAN_LIMIT = 100_000;

/** The CSV columns, in the order billing exports expect them (README → Accounting and call records). */
export const CSV_COLUMNS = [
  'id', 'ended_at', 'session_id', 'call_id', 'firebrick', 'nas_identifier', 'calling', 'called', 'cui', 'answered',
  'ringing_seconds', 'connected_seconds', 'terminate_cause', 'peer', 'local_uri', 'remote_uri', 'identities', 'max_duration', 'cut',
] as const;

const when = z.string().refine((t) => readSince(t, 0) !== undefined, 'a time (2026-11-22T09:00) or an age (90m, 2h, 3d)');
const query = z
  .object({
    since: when.default('24h'),
    until: when.optional(),
    number: z.string().optional(),
    firebrick: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

const record = z.object({ id: z.string() }).catchall(z.string());

export function recordRoutes(app: ApiApp, deps: ApiDeps): void {
  const read = async (q: { since: string; until?: string | undefined; number?: string | undefined; firebrick?: string | undefined }) => {
    const now = deps.now();
    const sinceMs = readSince(q.since, now)!;
    const untilMs = q.until !== undefined ? readSince(q.until, now) : undefined;
    if (untilMs !== undefined && untilMs < sinceMs) throw new ApiError(400, 'invalid-request', 'until is before since');
    return filterRecords(await deps.store.calls.records(sinceMs, RECORD_SCAN_LIMIT), { number: q.number, firebrick: q.firebrick, untilMs });
  };

  app.get(
    '/api/records',
    {
      config: { role: 'read-only' },
      schema: {
        tags: ['records'],
        summary: 'Call records, oldest first: a page as JSON, or every match as CSV (format=csv)',
        querystring: query,
        response: { 200: z.object({ total: z.number().int(), offset: z.number().int(), records: z.array(record) }) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const matched = await read(q);
      if (q.format === 'csv') {
        const rows = matched.map((r) => ({ id: r.id, ...r.fields }));
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="firebridge-records.csv"')
          // Text, not the JSON the schema describes: sent as it is (the serializer leaves strings alone).
          .send(stringify(rows, { header: true, columns: [...CSV_COLUMNS] }) as never);
      }
      return { total: matched.length, offset: q.offset, records: matched.slice(q.offset, q.offset + q.limit).map((r) => ({ id: r.id, ...r.fields })) };
    },
  );

  app.get(
    '/api/records/summary',
    {
      config: { role: 'read-only' },
      schema: {
        tags: ['records'],
        summary: 'Calls per hour, ASR and ACD per FireBrick and per peer, top dialled numbers',
        querystring: query.pick({ since: true, until: true, number: true, firebrick: true }),
      },
    },
    async (request) => recordStats(await read(request.query)),
  );
}
