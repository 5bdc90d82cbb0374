// GET /api/trace: the live trace (README → Live trace) as Server-Sent Events, one `trace` event per
// watched request, the same JSON `firebridge trace --json` prints. The watch is registered while the
// connection is open and removed when it closes.
import { z } from 'zod';
import type { TraceEvent } from '../../app/trace/event.js';
import { openTraceWatch, traceFilterOf } from '../../app/trace/watch.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';

/** A comment line now and then keeps proxies and browsers from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

export function traceRoutes(app: ApiApp, deps: ApiDeps): void {
  // Open streams never go idle: closing the API ends them, or its close would wait for every client.
  const open = new Set<{ end(): void }>();
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
  });
  app.get(
    '/api/trace',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['trace'],
        summary: 'Stream every request about a number, user or FireBrick, from every instance (text/event-stream)',
        querystring: z
          .object({
            number: z.string().min(1).optional().describe('called, calling, or the calling subscriber’s number'),
            user: z.string().min(1).optional().describe('User-Name or Digest-Username ("user" or "realm:user")'),
            firebrick: z.string().min(1).optional().describe('client name or NAS-Identifier'),
          })
          .strict(),
      },
    },
    async (request, reply) => {
      const filter = traceFilterOf(request.query);
      if (typeof filter === 'string') throw new ApiError(400, 'invalid-request', filter);
      // Events that arrive before the stream's head is written wait here.
      const early: TraceEvent[] = [];
      let send = (e: TraceEvent): void => void early.push(e);
      // Registered before the reply is taken over, so a store outage is answered as any other route's (503).
      const watch = await openTraceWatch(deps.store.trace, filter, (e) => send(e), {
        onRefreshError: (err) => deps.logger.warn({ err: err.message }, 'api: cannot refresh a trace watch'),
      });
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      raw.write(`: tracing ${filter.kind} ${filter.value}\n\n`);
      send = (e) => void raw.write(`event: trace\ndata: ${JSON.stringify(e)}\n\n`);
      for (const e of early.splice(0)) send(e);
      const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
      const end = (): void => {
        clearInterval(keepAlive);
        void watch.close();
      };
      if (raw.destroyed) return end();
      open.add(raw);
      raw.on('close', () => {
        open.delete(raw);
        end();
      });
    },
  );
}
