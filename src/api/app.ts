// The admin API as a Fastify application: zod schemas validate every request and describe it in the
// OpenAPI document (/api/openapi.json); bearer tokens guard every route (auth.ts); one error shape
// (errors.ts). Built without listening, so tests and `firebridge serve` run the same application.
import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { authenticate } from './auth.js';
import { auditRoutes } from './routes/audit.js';
import { consoleRoutes } from './console.js';
import type { ApiApp, ApiDeps } from './deps.js';
import { errorHandler } from './errors.js';
import { callRoutes } from './routes/calls.js';
import { faxRoutes } from './routes/fax.js';
import { groupRoutes } from './routes/groups.js';
import { guardRoutes } from './routes/guards.js';
import { lcrRoutes } from './routes/lcr.js';
import { recordRoutes } from './routes/records.js';
import { registrationRoutes } from './routes/registrations.js';
import { ruleRoutes } from './routes/rules.js';
import { statusRoutes } from './routes/status.js';
import { storeRoutes } from './routes/store.js';
import { subscriberRoutes } from './routes/subscribers.js';
import { tokenRoutes } from './routes/tokens.js';
import { traceRoutes } from './routes/trace.js';


export const API_VERSION = '1';

export async function buildApi(deps: ApiDeps): Promise<ApiApp> {
  const { api } = deps.config;
  // With TLS the server is an https.Server; the routes see only requests and replies, which are alike.
  const app = (Fastify as (options: object) => FastifyInstance)({
    bodyLimit: api.bodyLimitBytes,
    ...(api.tls ? { https: { cert: readFileSync(api.tls.cert), key: readFileSync(api.tls.key) } } : {}),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler(deps));
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'not-found', message: `no route ${request.method} ${request.url.split('?')[0]}` }));
  await app.register(swagger, {
    openapi: {
      info: { title: 'firebridge admin API', version: API_VERSION, description: 'README → Console and API' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    // Each operation says the least role that may call it.
    transform: (arg) => {
      const out = jsonSchemaTransform(arg);
      const role = (arg.route.config as { role?: string } | undefined)?.role;
      return role ? { ...out, schema: { ...out.schema, description: `Needs the ${role} role (README → Console and API).` } } : out;
    },
  });
  app.addHook('onRequest', authenticate(deps));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  for (const routes of [statusRoutes, tokenRoutes, registrationRoutes, callRoutes, recordRoutes, ruleRoutes, guardRoutes, storeRoutes, traceRoutes, subscriberRoutes, auditRoutes, groupRoutes, lcrRoutes, faxRoutes]) routes(app, deps);
  await consoleRoutes(app, deps.consoleDir);
  await app.ready();
  return app;
}
