// A FireBrick's Accounting-Request (accounting/handle.ts): answered only once the record is kept
// (RFC 2866 §2).
import { handleAccounting } from '../../accounting/index.js';
import type { FirebrickClient } from '../../firebrick/client.js';
import type { HandlerResult, RadiusRequest } from '../../radius/index.js';
import { accountingNotKept } from '../failures.js';
import type { PipelineDeps } from '../pipeline-deps.js';

export async function answerAccountingRequest(deps: PipelineDeps, radius: RadiusRequest<FirebrickClient>): Promise<HandlerResult> {
  try {
    return await handleAccounting(deps.keeper, radius.attributes, { name: radius.client.name, source: radius.remote.address }, deps.now());
  } catch (err) {
    return accountingNotKept(deps, radius.client.name, err, 'acct');
  }
}
