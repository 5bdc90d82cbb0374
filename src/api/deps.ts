// What the admin API's routes work with: the configuration, the store the server uses, and — when
// the API runs inside `firebridge serve` — the running server (rules, status).
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { RunningFirebridge } from '../app/firebridge.js';
import type { Config } from '../config/schema.js';
import type { ApiRole, Store } from '../store/index.js';

export interface ApiDeps {
  readonly config: Config;
  readonly store: Store;
  readonly logger: Logger;
  readonly now: () => number;
  readonly running?: RunningFirebridge;
  /** The built web console to serve at `/` (default: this package's dist/console/). */
  readonly consoleDir?: string;
}

/** Who made a request: the token's holder, named in the audit stream. */
export interface ApiCaller {
  readonly token: string;
  readonly name: string;
  readonly role: ApiRole;
}

/** The application as routes see it: request and reply types come from the routes' zod schemas. */
export type ApiApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;
