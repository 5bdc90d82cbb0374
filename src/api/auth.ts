// Bearer tokens on every route that names a role (README → Console and API → Tokens and roles). No
// token, a malformed one, an unknown or a wrong one: 401, the same answer, so a prober learns
// nothing; a valid token below the route's role: 403. Nothing of the request is read before this.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiRole } from '../store/index.js';
import type { ApiCaller, ApiDeps } from './deps.js';
import { readToken, roleAllows, tokenMatches } from './tokens.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role that may call the route; absent: public (the OpenAPI document). */
    role?: ApiRole;
  }
  interface FastifyRequest {
    caller?: ApiCaller;
  }
}

export function authenticate(deps: Pick<ApiDeps, 'store'>) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const need = request.routeOptions.config.role;
    if (need === undefined) return;
    const header = request.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? readToken(header.slice(7).trim()) : undefined;
    const record = presented ? await deps.store.tokens.get(presented.id) : undefined;
    if (!presented || !record || !tokenMatches(record, presented.secret)) {
      await reply.code(401).header('www-authenticate', 'Bearer realm="firebridge"').send({ error: 'unauthorized', message: 'a valid bearer token is required' });
      return;
    }
    if (!roleAllows(record.role, need)) {
      await reply.code(403).send({ error: 'forbidden', message: `this needs the ${need} role; the token "${record.name}" is ${record.role}` });
      return;
    }
    request.caller = { token: record.id, name: record.name, role: record.role };
  };
}
