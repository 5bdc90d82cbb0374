// Accounting-Request → stored call-leg state → Accounting-Response. The response is sent only after
// the record is kept — in the store, or in the journal (keep.ts) — (RFC 2866 §2); when it cannot be
// kept we stay silent and the FireBrick retries, so nothing is lost.
import type { RadiusReply, Silence } from '../radius/index.js';
import { Code, type AttributeReader } from '../radius/index.js';
import type { AccountingKeeper, Kept } from './keep.js';
import { readAccounting } from './leg-event.js';
import type { AccountingWrite } from './write.js';
import type { LegEvent } from '../store/index.js';

export async function handleAccounting(
  keeper: AccountingKeeper,
  attributes: AttributeReader,
  client: { readonly name: string; readonly source: string },
  now: number,
  /** Told of each leg event that is news: kept now (stored or journalled), not a resend of one kept before. */
  onNews: (event: LegEvent) => void = () => {},
): Promise<RadiusReply | Silence> {
  const message = readAccounting(attributes, client, now);
  const ack = acknowledge;
  let write: AccountingWrite;
  let outcome: string;
  let log: Record<string, unknown>;
  switch (message.kind) {
    case 'invalid':
      // Acknowledged (a retry would be just as invalid) but recorded nowhere; the log says why.
      return ack('acct:ignored', { reason: message.reason });
    case 'nas-state':
      write = { op: 'close-all', firebrick: client.name, cause: message.status === 'on' ? 'accounting-on' : 'accounting-off', at: now };
      outcome = `acct:${message.status}`;
      log = {};
      break;
    case 'leg':
      write = { op: 'leg', event: message.event };
      outcome = `acct:${message.event.status}`;
      log = { session: message.event.sessionId, callId: message.event.callId };
      break;
  }
  const kept = await keeper.keep(write);
  if (kept.how === 'stored' && kept.applied.op === 'close-all') return ack(outcome, { ...log, closedLegs: kept.applied.closed });
  const news = kept.how === 'journalled' || (kept.how === 'stored' && kept.applied.op === 'leg' && kept.applied.result === 'stored');
  if (news && write.op === 'leg') onNews(write.event);
  return replyForKept(kept, outcome, log);
}

/**
 * The answer once the keeper has spoken, for every kind of accounting client: acknowledged when the
 * record is kept (stored, or journalled), silence when it is not — the client retries (RFC 2866 §2).
 */
export function replyForKept(kept: Kept, outcome: string, log: Record<string, unknown>): RadiusReply | Silence {
  switch (kept.how) {
    case 'stored': {
      const duplicate = kept.applied.op !== 'close-all' && kept.applied.result === 'duplicate';
      return acknowledge(`${outcome}${duplicate ? ':duplicate' : ''}`, log);
    }
    case 'journalled':
      return acknowledge(`${outcome}:journalled`, { ...log, journalled: kept.why, ...(kept.detail !== undefined ? { detail: kept.detail } : {}) });
    case 'not-kept':
      // Not kept, so not acknowledged: the client retries (RFC 2866 §2).
      // Under the request's own prefix (acct:, fax-acct:), so fax and voice shortfalls count apart.
      return { silent: true, outcome: `${outcome.slice(0, outcome.indexOf(':'))}:${kept.why}`, log: { ...log, err: kept.detail } };
  }
}

export function acknowledge(outcome: string, log: Record<string, unknown>): RadiusReply {
  return { code: Code.AccountingResponse, attributes: [], outcome, log };
}
