// /api/tokens (admin): the same as `firebridge token add|list|revoke`. A new token is in the answer
// once; the store keeps only its hash.
import { z } from 'zod';
import { SECRET_SET } from '../../app/audit.js';
import { API_ROLES } from '../../store/index.js';
import { auditApiChange } from '../audit.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { newToken } from '../tokens.js';

const tokenView = z.object({ id: z.string(), name: z.string(), role: z.enum(API_ROLES), createdAt: z.string() });
const describe = (t: { id: string; name: string; role: (typeof API_ROLES)[number]; createdAt: number }) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  createdAt: new Date(t.createdAt).toISOString(),
});

export function tokenRoutes(app: ApiApp, deps: ApiDeps): void {
  const admin = { role: 'admin' } as const;
  app.get('/api/tokens', { config: admin, schema: { tags: ['tokens'], summary: 'List tokens', response: { 200: z.array(tokenView) } } }, async () =>
    (await deps.store.tokens.list()).map(describe),
  );
  app.post(
    '/api/tokens',
    {
      config: admin,
      schema: {
        tags: ['tokens'],
        summary: 'Create a token (shown once)',
        body: z.object({ name: z.string().min(1).max(64), role: z.enum(API_ROLES) }).strict(),
        response: { 201: tokenView.extend({ token: z.string() }) },
      },
    },
    async (request, reply) => {
      const { token, record } = newToken(request.body.name, request.body.role, deps.now());
      await deps.store.tokens.put(record);
      await auditApiChange(deps, request, { subject: `token:${record.id}`, what: 'token add', after: { name: record.name, role: record.role, token: SECRET_SET } });
      return reply.code(201).send({ ...describe(record), token });
    },
  );
  app.delete(
    '/api/tokens/:id',
    { config: admin, schema: { tags: ['tokens'], summary: 'Revoke a token', params: z.object({ id: z.string() }), response: { 204: z.null() } } },
    async (request, reply) => {
      const revoked = await deps.store.tokens.get(request.params.id);
      if (!revoked || !(await deps.store.tokens.delete(request.params.id))) throw notFound(`token ${request.params.id}`);
      await auditApiChange(deps, request, { subject: `token:${revoked.id}`, what: 'token revoke', before: { name: revoked.name, role: revoked.role, token: SECRET_SET } });
      return reply.code(204).send(null);
    },
  );
}
