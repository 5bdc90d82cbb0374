// POST /api/store/{part}/{method} (admin): the operator commands' channel when a server is running
// (cli/api-store.ts). A command runs unchanged against the server's own store — Redis or the
// in-process one of `npm start` — so its output is the same either way. Only the parts operators'
// commands use are reachable; the request path's internals (nonces, digest snapshots) are not.
import { z } from 'zod';
import type { Store } from '../../store/index.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { wireJson } from '../wire-json.js';

/** The store parts commands may use through the API; `top` is the store's own lookup table. */
export const COMMAND_PARTS = ['subscribers', 'registrations', 'calls', 'guard', 'fraud', 'groups', 'lcr', 'fax', 'tokens', 'audit', 'top'] as const;
const TOP_METHODS = new Set(['lookup', 'setLookup']);

function target(store: Store, part: (typeof COMMAND_PARTS)[number], method: string): ((...args: unknown[]) => unknown) | undefined {
  if (part === 'top') return TOP_METHODS.has(method) ? (store[method as 'lookup'] as (...args: unknown[]) => unknown).bind(store) : undefined;
  const object = (store as unknown as Record<string, Record<string, unknown> | undefined>)[part];
  const fn = object?.[method];
  return typeof fn === 'function' && !method.startsWith('_') && method !== 'constructor' ? (fn as (...args: unknown[]) => unknown).bind(object) : undefined;
}

export function storeRoutes(app: ApiApp, deps: ApiDeps): void {
  app.post(
    '/api/store/:part/:method',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['commands'],
        summary: "The operator commands' channel: one store call, tagged JSON in and out",
        params: z.object({ part: z.enum(COMMAND_PARTS), method: z.string().regex(/^[a-zA-Z]+$/) }),
        body: z.object({ args: z.array(z.unknown()) }).strict(),
      },
    },
    async (request, reply) => {
      const fn = target(deps.store, request.params.part, request.params.method);
      if (!fn) throw new ApiError(404, 'not-found', `no store method ${request.params.part}.${request.params.method}`);
      const result = await fn(...(wireJson.revive(request.body.args) as unknown[]));
      return reply.type('application/json').send(wireJson.stringify({ result }));
    },
  );
}
