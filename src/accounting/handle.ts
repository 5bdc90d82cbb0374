// Accounting-Request → stored call-leg state → Accounting-Response. The response is sent only after
// the store has the record (RFC 2866 §2); when it cannot be stored we stay silent and the FireBrick
// retries, so nothing is lost.
import type { RadiusReply, Silence } from '../radius/index.js';
import { Code, type AttributeReader } from '../radius/index.js';
import type { Store } from '../store/index.js';
import { readAccounting } from './leg-event.js';

export async function handleAccounting(
  store: Store,
  attributes: AttributeReader,
  client: { readonly name: string; readonly source: string },
  now: number,
): Promise<RadiusReply | Silence> {
  const message = readAccounting(attributes, client, now);
  const ack = (outcome: string, log: Record<string, unknown>): RadiusReply => ({ code: Code.AccountingResponse, attributes: [], outcome, log });
  switch (message.kind) {
    case 'invalid':
      // Acknowledged (a retry would be just as invalid) but recorded nowhere; the log says why.
      return ack('acct:ignored', { reason: message.reason });
    case 'nas-state': {
      const closed = await store.calls.closeAll(client.name, message.status === 'on' ? 'accounting-on' : 'accounting-off', now);
      return ack(`acct:${message.status}`, { closedLegs: closed });
    }
    case 'leg': {
      const e = message.event;
      const result = await store.calls.record(e);
      return ack(`acct:${e.status}${result === 'duplicate' ? ':duplicate' : ''}`, { session: e.sessionId, callId: e.callId });
    }
  }
}
