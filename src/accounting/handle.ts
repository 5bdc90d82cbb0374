// Accounting-Request → stored call-leg state → Accounting-Response. The response is sent only after
// the record is kept — in the store, or in the journal (keep.ts) — (RFC 2866 §2); when it cannot be
// kept we stay silent and the FireBrick retries, so nothing is lost.
import type { RadiusReply, Silence } from '../radius/index.js';
import { Code, type AttributeReader } from '../radius/index.js';
import type { AccountingKeeper } from './keep.js';
import { readAccounting } from './leg-event.js';
import type { AccountingWrite } from './write.js';

export async function handleAccounting(
  keeper: AccountingKeeper,
  attributes: AttributeReader,
  client: { readonly name: string; readonly source: string },
  now: number,
): Promise<RadiusReply | Silence> {
  const message = readAccounting(attributes, client, now);
  const ack = (outcome: string, log: Record<string, unknown>): RadiusReply => ({ code: Code.AccountingResponse, attributes: [], outcome, log });
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
  switch (kept.how) {
    case 'stored':
      if (kept.applied.op === 'close-all') return ack(outcome, { ...log, closedLegs: kept.applied.closed });
      return ack(`${outcome}${kept.applied.result === 'duplicate' ? ':duplicate' : ''}`, log);
    case 'journalled':
      return ack(`${outcome}:journalled`, { ...log, journalled: kept.why, ...(kept.detail !== undefined ? { detail: kept.detail } : {}) });
    case 'not-kept':
      // Not kept, so not acknowledged: the FireBrick retries (RFC 2866 §2).
      return { silent: true, outcome: `acct:${kept.why}`, log: { ...log, err: kept.detail } };
  }
}
