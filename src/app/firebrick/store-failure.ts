// What an Access-Request gets when the store failed while deciding it (spec §7, issue 7):
// redis.failurePolicy decides, never an unverified accept.
import type { FirebrickAccessRequest } from '../../firebrick/access-request.js';
import { classify } from '../../firebrick/classify.js';
import type { FirebrickClient } from '../../firebrick/client.js';
import type { RadiusRequest } from '../../radius/index.js';
import { NO_ROUTING_FACTS } from '../../rules/index.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import { RejectMessage } from '../reject-messages.js';
import { checkCallCli } from './cli-policy.js';
import type { Decided } from './decided.js';
import { callContext, route } from './route.js';


/** undefined: no answer at all, so the FireBrick tries the next server of its pool. */
export async function decideWithoutStore(deps: PipelineDeps, radius: RadiusRequest<FirebrickClient>, request: FirebrickAccessRequest): Promise<Decided | undefined> {
  switch (deps.config.redis.failurePolicy) {
    case 'drop':
      return undefined;
    case 'reject':
      return { decision: { kind: 'reject', reason: 'store-unavailable', message: RejectMessage.storeUnavailable } };
    case 'static': {
      // Only calls that need no subscriber lookup: a carrier's, or a local phone's the FireBrick vouched for.
      const kind = classify(request).kind;
      const method = request.method?.toUpperCase();
      if (!deps.fallbackRules || (kind !== 'carrier' && kind !== 'local-phone') || (method !== 'INVITE' && method !== 'REFER')) return undefined;
      const call = callContext(radius.client, request, undefined, new Date(deps.now()));
      const routed = await route(deps.fallbackRules, NO_ROUTING_FACTS, deps.engineOptions, call, undefined);
      const { decision, log } = checkCallCli(deps, radius.client, request, call, undefined, routed);
      return { decision, log: { ...log, fallback: true } };
    }
  }
}
