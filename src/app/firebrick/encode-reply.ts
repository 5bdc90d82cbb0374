// A decision written for the client that asked (firebrick/encode-decision.ts), with the request's
// log fields. A route plan this client cannot carry becomes a reject, and the outcome says so.
import type { Logger } from 'pino';
import type { FirebrickAccessRequest } from '../../firebrick/access-request.js';
import type { FirebrickClient } from '../../firebrick/client.js';
import type { Decision } from '../../firebrick/decision.js';
import { encodeDecision, RoutePlanEncodingError } from '../../firebrick/encode-decision.js';
import type { RadiusReply } from '../../radius/index.js';
import { RejectMessage } from '../reject-messages.js';
import type { Decided } from './decided.js';

/** The request line's outcome: the decision's kind, a reject's reason, a stale challenge. */
export function outcomeOf(decision: Decision): string {
  if (decision.kind === 'reject') return `reject:${decision.reason}`;
  return decision.kind === 'challenge' && decision.stale ? 'challenge:stale' : decision.kind;
}

export function encodeReply(client: FirebrickClient, request: FirebrickAccessRequest, decided: Decided, logger: Logger): RadiusReply {
  let { decision } = decided;
  let encoded;
  let encodingError: string | undefined;
  try {
    encoded = encodeDecision(decision, {
      profile: client.profile,
      requestSipAorAttribute: request.sipAorAttribute,
      callerCli: request.callingStationId,
      callerCui: request.chargeableUserIdentity,
    });
  } catch (err) {
    if (!(err instanceof RoutePlanEncodingError)) throw err;
    logger.error({ err: err.message, client: client.name }, 'route plan cannot be encoded');
    // What is sent is a reject, so the outcome, the log and the metrics say so too.
    decision = { kind: 'reject', reason: 'route-encoding', message: RejectMessage.routingError };
    encodingError = err.message;
    encoded = encodeDecision(decision, {
      profile: client.profile,
      requestSipAorAttribute: undefined,
      callerCli: undefined,
      callerCui: undefined,
    });
  }
  return {
    ...encoded,
    outcome: outcomeOf(decision),
    log: {
      method: request.method,
      ...(decided.subscriber ? { subscriber: `${decided.subscriber.username}@${decided.subscriber.realm}` } : {}),
      ...(decision.kind === 'reject' ? { reason: decision.reason } : {}),
      ...(encodingError !== undefined ? { encodingError } : {}),
      ...decided.log,
    },
  };
}
