// The seam between the wire core and everything above it: one function from an authenticated,
// de-duplicated request to a reply (or to silence).
import type { RadiusClient } from './clients.js';
import type { ReplyCode } from './codes.js';
import type { AttributeReader, RadiusPacket } from './packet.js';
import type { OutgoingAttribute } from './serializer.js';

export type ListenerKind = 'auth' | 'acct';

export interface RadiusRequest<C extends RadiusClient = RadiusClient> {
  readonly packet: RadiusPacket;
  readonly attributes: AttributeReader;
  readonly client: C;
  readonly remote: { readonly address: string; readonly port: number };
  readonly listener: ListenerKind;
}

export interface RadiusReply {
  readonly code: ReplyCode;
  /** Written in exactly this order after the Message-Authenticator (spec §4.3). */
  readonly attributes: readonly OutgoingAttribute[];
  /** Short machine-readable outcome for the request log line and metrics, e.g. "accept", "bad-password". */
  readonly outcome: string;
  /** Extra fields for the request log line. */
  readonly log?: Readonly<Record<string, unknown>>;
}

/**
 * No answer at all. The FireBrick then retries and fails over to the next server of its pool
 * (spec §7); accounting that could not be stored must be answered this way (RFC 2866 §2).
 */
export interface Silence {
  readonly silent: true;
  readonly outcome: string;
  readonly log?: Readonly<Record<string, unknown>>;
}

export type HandlerResult = RadiusReply | Silence;

export type RequestHandler<C extends RadiusClient = RadiusClient> = (
  request: RadiusRequest<C>,
) => Promise<HandlerResult> | HandlerResult;

export function isSilence(result: HandlerResult): result is Silence {
  return (result as Silence).silent === true;
}
