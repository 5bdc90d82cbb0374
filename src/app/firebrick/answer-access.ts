// A FireBrick's Access-Request, start to end: read it once (firebrick/access-request.ts), decide
// within the request's deadline (decide.ts), fall back to redis.failurePolicy when the store fails
// (store-failure.ts), and write the answer for this client (encode-reply.ts). Any other failure is
// a defect (failures.ts): no answer, never an accept.
import { readAccessRequest } from '../../firebrick/access-request.js';
import type { FirebrickClient } from '../../firebrick/client.js';
import type { HandlerResult, RadiusRequest } from '../../radius/index.js';
import { DeadlineExceeded, withDeadline } from '../deadline.js';
import { internalErrorSilence, isStoreFailure, reportInternalError } from '../failures.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import { decide } from './decide.js';
import type { Decided } from './decided.js';
import { encodeReply } from './encode-reply.js';
import { decideWithoutStore } from './store-failure.js';

export async function answerAccessRequest(deps: PipelineDeps, radius: RadiusRequest<FirebrickClient>): Promise<HandlerResult> {
  const arrivedAt = Date.now();
  const request = readAccessRequest(radius.attributes, radius.client.name);
  let decided: Decided;
  try {
    decided = await withDeadline(decide(deps, radius, request), deps.config.redis.commandTimeoutMs, arrivedAt);
  } catch (err) {
    if (!isStoreFailure(err)) {
      reportInternalError(deps, 'access', err, { client: radius.client.name, method: request.method });
      return internalErrorSilence('internal-error');
    }
    deps.metrics?.storeErrors.inc({ kind: err instanceof DeadlineExceeded ? 'access-deadline' : 'access' });
    deps.errorLog.error(
      'access',
      { err: err.message, client: radius.client.name, policy: deps.config.redis.failurePolicy },
      'cannot decide: store unavailable',
    );
    const fallback = await decideWithoutStore(deps, radius, request);
    if (!fallback) return { silent: true, outcome: 'store-unavailable' };
    decided = fallback;
  }
  return encodeReply(radius.client, request, decided, deps.logger);
}
