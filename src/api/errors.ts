// The API's one error shape: `{ error, message, problems? }` with the HTTP status that says which
// kind of failure it is. Validation problems name the field (`body.number`) as config problems do.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { StoreUnavailableError } from '../store/index.js';
import type { ApiDeps } from './deps.js';

export interface ApiProblem {
  readonly path: string;
  readonly message: string;
}

/** A refusal a route decides on (404, 409, …): thrown, and answered in the one shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly problems?: readonly ApiProblem[],
  ) {
    super(message);
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'not-found', `no ${what}`);

export function errorHandler(deps: Pick<ApiDeps, 'logger'>) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (err instanceof ApiError) return reply.code(err.status).send({ error: err.error, message: err.message, ...(err.problems ? { problems: err.problems } : {}) });
    if (hasZodFastifySchemaValidationErrors(err)) {
      const problems = err.validation.map((v) => ({
        path: [err.validationContext ?? 'body', ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      return reply.code(400).send({ error: 'invalid-request', message: problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems });
    }
    if (err instanceof StoreUnavailableError) return reply.code(503).send({ error: 'store-unavailable', message: err.message });
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      deps.logger.error({ err, method: request.method, url: request.url }, 'api: internal error');
      return reply.code(500).send({ error: 'internal', message: 'internal error (logged)' });
    }
    // Fastify's own refusals: a body over api.bodyLimitBytes (413), a bad content type (415), bad JSON (400).
    return reply.code(status).send({ error: err.code ?? 'bad-request', message: err.message });
  };
}
