// /api/registrations: search (as `firebridge regs`) and flush a number (as `regs flush`).
import { z } from 'zod';
import { findBindings } from '../../app/registrations.js';
import type { Binding } from '../../firebrick/registration.js';
import { auditApiChange } from '../audit.js';
import type { ApiApp, ApiDeps } from '../deps.js';

const binding = z.object({
  id: z.string(),
  number: z.string(),
  subscriber: z.string().describe('realm:username'),
  contact: z.string().nullable(),
  sourceAddress: z.string().nullable(),
  sourcePort: z.number().int().nullable(),
  behindNat: z.boolean(),
  userAgent: z.string().nullable(),
  callId: z.string().nullable(),
  firebrick: z.string(),
  nasIdentifier: z.string().nullable(),
  registeredAt: z.string(),
  expiresAt: z.string(),
});

function view(b: Binding): z.infer<typeof binding> {
  return {
    id: b.id,
    number: b.number,
    subscriber: b.subscriber,
    contact: b.contact ?? null,
    sourceAddress: b.sourceAddress ?? null,
    sourcePort: b.sourcePort ?? null,
    behindNat: b.behindNat,
    userAgent: b.userAgent ?? null,
    callId: b.callId ?? null,
    firebrick: b.firebrick,
    nasIdentifier: b.nasIdentifier ?? null,
    registeredAt: new Date(b.registeredAt).toISOString(),
    expiresAt: new Date(b.expiresAt).toISOString(),
  };
}

export function registrationRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/registrations',
    {
      config: { role: 'read-only' },
      schema: {
        tags: ['registrations'],
        summary: 'Search registrations',
        querystring: z.object({ number: z.string().optional(), subscriber: z.string().optional(), firebrick: z.string().optional() }).strict(),
        response: { 200: z.array(binding) },
      },
    },
    async (request) => (await findBindings(deps.store, request.query)).map(view),
  );
  app.delete(
    '/api/registrations/:number',
    {
      config: { role: 'operator' },
      schema: { tags: ['registrations'], summary: 'Remove every binding of a number', params: z.object({ number: z.string() }), response: { 200: z.object({ removed: z.number().int() }) } },
    },
    async (request) => {
      const removed = await deps.store.registrations.flush(request.params.number);
      if (removed) await auditApiChange(deps, request, { subject: `number:${request.params.number}`, what: 'regs flush', after: { removed } });
      return { removed };
    },
  );
}
