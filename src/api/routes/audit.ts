// GET /api/audit: the audit trail (store/audit.ts), newest first, as `firebridge audit --json` lists
// it — feature codes dialled, commands run and every change made through this API.
import { z } from 'zod';
import type { ApiApp, ApiDeps } from '../deps.js';

const record = z.object({
  id: z.string(),
  at: z.string(),
  who: z.object({ kind: z.enum(['subscriber', 'operator']), name: z.string() }).describe('a subscriber from its phone, or an operator (a login name or a token name)'),
  subject: z.string().describe('kind:id, e.g. subscriber:example.com:alice, group:sales'),
  what: z.string(),
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()),
});

export function auditRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/audit',
    {
      config: { role: 'read-only' },
      schema: {
        tags: ['audit'],
        summary: 'The audit trail, newest first',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(10_000).default(100), subject: z.string().min(1).optional() }).strict(),
        response: { 200: z.array(record) },
      },
    },
    async (request) =>
      (await deps.store.audit.list({ count: request.query.limit, ...(request.query.subject !== undefined ? { subject: request.query.subject } : {}) })).map((r) => ({
        id: r.id,
        at: new Date(r.at).toISOString(),
        who: r.who,
        subject: r.subject,
        what: r.what,
        before: { ...r.before },
        after: { ...r.after },
      })),
  );
}
