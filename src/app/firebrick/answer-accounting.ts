// A FireBrick's Accounting-Request (accounting/handle.ts): answered only once the record is kept
// (RFC 2866 §2).
import { handleAccounting, readAccounting } from '../../accounting/index.js';
import type { FirebrickClient } from '../../firebrick/client.js';
import type { HandlerResult, RadiusRequest } from '../../radius/index.js';
import { accountingNotKept } from '../failures.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import { feedFraudCounters, fraudGuardOn } from './fraud.js';

export async function answerAccountingRequest(deps: PipelineDeps, radius: RadiusRequest<FirebrickClient>): Promise<HandlerResult> {
  const client = { name: radius.client.name, source: radius.remote.address };
  try {
    const reply = await handleAccounting(deps.keeper, radius.attributes, client, deps.now());
    // Counted once: a resent event (outcome …:duplicate) or one not kept is not news.
    if (fraudGuardOn(deps) && /^acct:(start|interim|stop)(:journalled)?$/.test(reply.outcome ?? '')) {
      const message = readAccounting(radius.attributes, client, deps.now());
      if (message.kind === 'leg') feedFraudCounters(deps, message.event);
    }
    return reply;
  } catch (err) {
    return accountingNotKept(deps, radius.client.name, err, 'acct');
  }
}
