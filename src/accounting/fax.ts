// FaxBack Accounting-Request → fax record → Accounting-Response (FaxBack spec §4). A port server
// resends a Stop until it is answered (§4.2), so the answer leaves only once the record is kept,
// by the same keeper — and so the same durability choices — as the FireBrick's call legs; repeats are
// acknowledged again and stored once (the store is idempotent on (Acct-Session-Id, status)).
import { readFaxAccounting, type FaxbackDictionary } from '../faxback/index.js';
import type { AttributeReader, RadiusReply, Silence } from '../radius/index.js';
import { StoreUnavailableError, type FaxStore } from '../store/index.js';
import { acknowledge, replyForKept } from './handle.js';
import type { AccountingKeeper } from './keep.js';

export interface FaxAccountingContext {
  readonly keeper: AccountingKeeper;
  readonly fax: Pick<FaxStore, 'account'>;
  readonly dictionary: FaxbackDictionary;
}

export async function handleFaxAccounting(
  ctx: FaxAccountingContext,
  attributes: AttributeReader,
  client: { readonly name: string; readonly source: string },
  now: number,
): Promise<RadiusReply | Silence> {
  const message = readFaxAccounting(attributes, client, now, ctx.dictionary);
  // Acknowledged (a resend would be just as invalid) but recorded nowhere; the log says why.
  if (message.kind === 'invalid') return acknowledge('fax-acct:ignored', { reason: message.reason });
  const { event } = message;
  const log = { session: event.sessionId, account: event.account, status: event.status };
  if (event.account !== undefined && (await savesNoRecords(ctx.fax, event.account))) {
    // FB-Save-CDR = 0 (spec §3.2): the port server should send nothing for this account; what it
    // sends anyway is acknowledged and not kept.
    return acknowledge(`fax-acct:${event.status}:not-saved`, log);
  }
  return replyForKept(await ctx.keeper.keep({ op: 'fax', event }), `fax-acct:${event.status}`, log);
}

/**
 * Whether the account is known and says FB-Save-CDR = 0. When the store cannot say (it is down),
 * the record is kept rather than lost: the keeper journals it or leaves the Stop unanswered.
 */
async function savesNoRecords(fax: Pick<FaxStore, 'account'>, name: string): Promise<boolean> {
  try {
    return (await fax.account(name))?.saveCdr === false;
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    return false;
  }
}
