// A FireBrick's Accounting-Request (accounting/handle.ts): answered only once the record is kept
// (RFC 2866 §2).
import { handleAccounting } from '../../accounting/index.js';
import type { LegEvent } from '../../store/index.js';
import type { FirebrickClient } from '../../firebrick/client.js';
import type { HandlerResult, RadiusRequest } from '../../radius/index.js';
import { accountingNotKept } from '../failures.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import { feedFraudCounters, fraudGuardOn } from './fraud.js';

export async function answerAccountingRequest(deps: PipelineDeps, radius: RadiusRequest<FirebrickClient>): Promise<HandlerResult> {
  const client = { name: radius.client.name, source: radius.remote.address };
  try {
    // Counted once: a resent event or one not kept is not news (accounting/handle.ts says which is).
    const onNews = fraudGuardOn(deps) ? (event: LegEvent) => feedFraudCounters(deps, event) : undefined;
    return await handleAccounting(deps.keeper, radius.attributes, client, deps.now(), onNews);
  } catch (err) {
    return accountingNotKept(deps, radius.client.name, err, 'acct');
  }
}
