// The two guards' standing state: brute-force lockouts (list, unlock — as `subscriber unlock`) and
// fraud blocks (list, clear a subject — as `firebridge fraud list|clear`).
import { z } from 'zod';
import { SUBJECT_KINDS } from '../../rules/fraud/index.js';
import { auditApiChange } from '../audit.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';

const remaining = (ms: number | undefined): number | null => (ms === undefined || ms === Infinity ? null : Math.ceil(ms / 1000));

export function guardRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/lockouts',
    {
      config: { role: 'read-only' },
      schema: {
        tags: ['guards'],
        summary: 'Standing brute-force lockouts',
        response: { 200: z.array(z.object({ scope: z.enum(['user', 'source']), id: z.string(), remainingSeconds: z.number().nullable() })) },
      },
    },
    async () => (await deps.store.guard.lockouts()).map((l) => ({ scope: l.scope, id: l.id, remainingSeconds: remaining(l.remainingMs) })),
  );
  app.delete(
    '/api/lockouts/:scope/:id',
    {
      config: { role: 'operator' },
      schema: { tags: ['guards'], summary: 'Unlock a user ("realm:username") or a source address', params: z.object({ scope: z.enum(['user', 'source']), id: z.string().min(1) }), response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deps.store.guard.clear(request.params);
      await auditApiChange(deps, request, { subject: `lockout:${request.params.scope}:${request.params.id}`, what: 'unlock', before: { locked: true } });
      deps.logger.info({ ...request.params, by: request.caller?.name }, 'api: unlocked');
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/fraud/blocks',
    {
      config: { role: 'read-only' },
      schema: {
        tags: ['guards'],
        summary: "Subjects the fraud guard blocks now, by destination class",
        response: {
          200: z.array(z.object({ subject: z.string(), class: z.string(), metric: z.string(), value: z.number(), limit: z.number(), since: z.string(), remainingSeconds: z.number().nullable() })),
        },
      },
    },
    async () =>
      (await deps.store.fraud.blocks()).map((b) => ({
        subject: b.subject,
        class: b.cls,
        metric: b.metric,
        value: b.value,
        limit: b.limit,
        since: new Date(b.at).toISOString(),
        remainingSeconds: remaining(b.remainingMs),
      })),
  );
  app.delete(
    '/api/fraud/:subject',
    {
      config: { role: 'operator' },
      schema: { tags: ['guards'], summary: "Forget a subject's fraud counters, warnings and blocks", params: z.object({ subject: z.string() }), response: { 200: z.object({ removed: z.number().int() }) } },
    },
    async (request) => {
      const { subject } = request.params;
      if (!SUBJECT_KINDS.some((k) => subject.startsWith(`${k}:`) && subject.length > k.length + 1)) {
        throw new ApiError(400, 'invalid-request', `${subject}: name a subject as subscriber:<realm>:<user>, cui:<CUI> or source:<address>`);
      }
      const removed = await deps.store.fraud.clear(subject);
      await auditApiChange(deps, request, { subject: `fraud:${subject}`, what: 'fraud clear', after: { removed } });
      deps.logger.info({ subject, removed, by: request.caller?.name }, 'api: fraud cleared');
      return { removed };
    },
  );
}
