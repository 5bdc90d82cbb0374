// What a FireBrick's Access-Request gets, by the kind of question it asks (spec §1.3): a refusal, a
// challenge, or — once the caller is known (authenticated, or vouched for by the FireBrick) — the
// authorisation of its SIP method (authorise.ts).
import type { FirebrickAccessRequest } from '../../firebrick/access-request.js';
import { classify } from '../../firebrick/classify.js';
import type { FirebrickClient } from '../../firebrick/client.js';
import type { RadiusRequest } from '../../radius/index.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import { RejectMessage } from '../reject-messages.js';
import { authenticate, challenge } from './authenticate.js';
import { authorise } from './authorise.js';
import type { Decided } from './decided.js';

export async function decide(deps: PipelineDeps, radius: RadiusRequest<FirebrickClient>, request: FirebrickAccessRequest): Promise<Decided> {
  const kind = classify(request);
  switch (kind.kind) {
    case 'not-voip':
      return { decision: { kind: 'reject', reason: 'not-voip', message: RejectMessage.notVoip } };
    case 'pre-challenge':
      return { decision: await challenge(deps) };
    case 'carrier': {
      const decided = await authorise(deps, radius, request, undefined, undefined);
      return { ...decided, log: { ...decided.log, carrier: kind.carrier } };
    }
    case 'local-phone': {
      const subscriber = await deps.store.subscribers.getByCui(kind.accountKey.by === 'cui' ? kind.accountKey.cui : '');
      if (subscriber && !subscriber.enabled) return { decision: { kind: 'reject', reason: 'disabled', message: RejectMessage.disabled } };
      return authorise(deps, radius, request, subscriber, undefined);
    }
    case 'digest': {
      const outcome = await authenticate(deps, request, kind.accountKey);
      if (outcome.kind === 'decided') return { decision: outcome.decision };
      return authorise(deps, radius, request, outcome.subscriber, outcome.rspauth);
    }
  }
}
