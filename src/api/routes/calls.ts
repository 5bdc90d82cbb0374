// /api/calls: the live legs (as `firebridge calls`) and hanging one up (as `firebridge hangup`:
// Disconnect-Request, then the leg's Stop awaited).
import { z } from 'zod';
import { hangUp, hangupWords, type HangupOutcome } from '../../app/hangup.js';
import type { ActiveLeg } from '../../store/index.js';
import { auditApiChange } from '../audit.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';

const leg = z.object({
  sessionId: z.string(),
  callId: z.string().nullable(),
  firebrick: z.string(),
  calling: z.string().nullable(),
  called: z.string().nullable(),
  identities: z.array(z.string()),
  answered: z.boolean(),
  startedAt: z.string().nullable(),
  maxDurationSeconds: z.number().nullable(),
  dueAt: z.string().nullable(),
});

export function legView(l: ActiveLeg): z.infer<typeof leg> {
  return {
    sessionId: l.sessionId,
    callId: l.callId ?? null,
    firebrick: l.firebrick,
    calling: l.calling ?? null,
    called: l.called ?? null,
    identities: [...l.identities],
    answered: l.answered,
    startedAt: l.startedAt ? new Date(l.startedAt * 1000).toISOString() : null,
    maxDurationSeconds: l.maxDurationSeconds ?? null,
    dueAt: l.dueAt ? new Date(l.dueAt).toISOString() : null,
  };
}

/** The HTTP status of each hang-up outcome: 200 when the call is cleared (or acknowledged, not awaited). */
const STATUS: Record<HangupOutcome['kind'], number> = { stopped: 200, acked: 200, 'no-leg': 404, 'unknown-firebrick': 409, 'no-reply': 504, nak: 502, 'no-stop': 504 };

export function callRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get('/api/calls', { config: { role: 'read-only' }, schema: { tags: ['calls'], summary: 'Live call legs', response: { 200: z.array(leg) } } }, async () =>
    (await deps.store.calls.activeLegs()).map(legView),
  );
  app.post(
    '/api/calls/:sessionId/hangup',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['calls'],
        summary: 'Disconnect a leg and wait for its Stop',
        params: z.object({ sessionId: z.string().min(1) }),
        body: z.object({ waitSeconds: z.number().int().min(0).max(60).default(10), address: z.string().optional() }).strict().default({ waitSeconds: 10 }),
        response: { 200: z.object({ outcome: z.enum(['stopped', 'acked']), message: z.string() }) },
      },
    },
    async (request) => {
      const { sessionId } = request.params;
      const outcome = await hangUp(deps.store, deps.config.clients, { sessionId, address: request.body.address, waitSeconds: request.body.waitSeconds }, deps.now);
      const message = hangupWords(sessionId, outcome);
      deps.logger.info({ session: sessionId, outcome: outcome.kind, by: request.caller?.name }, 'api: hangup');
      // Recorded once a Disconnect-Request went out, whatever came of it.
      if (outcome.kind !== 'no-leg' && outcome.kind !== 'unknown-firebrick') await auditApiChange(deps, request, { subject: `call:${sessionId}`, what: 'hangup', after: { outcome: outcome.kind } });
      if (outcome.kind !== 'stopped' && outcome.kind !== 'acked') throw new ApiError(STATUS[outcome.kind], outcome.kind, message);
      return { outcome: outcome.kind, message };
    },
  );
}
