// What the FireBrick does with the RADIUS answer (spec §2–§5), as a SIP response. Pure.
import { randomBytes } from 'node:crypto';
import { plural } from '../text/plural.js';
import { Attr, AttributeReader, Code, attributeName, attributeValueType, type Attribute } from '../radius/index.js';
import { readRoutePlan, type PlannedLeg } from '../firebrick/read-route-plan.js';
import type { LabProfile } from './access-request.js';
import { quoteValue, type DigestCredentials, type ResponseInit, type SipRequest } from './sip-message.js';

export interface OwnChallenge {
  /** Realm the lab offers when the server leaves it out ("filled in by the FireBrick", spec §2). */
  readonly realm: string;
}

function describeValue(a: Attribute): string {
  const kind = attributeValueType(a.type);
  const reader = new AttributeReader([a]);
  if ((kind === 'integer' || kind === 'date') && a.value.length === 4) return String(a.value.readUInt32BE(0));
  if (kind === 'ipaddr') return reader.ipv4(a.type) ?? `0x${a.value.toString('hex')}`;
  if (kind === 'ipv6addr') return reader.ipv6(a.type) ?? `0x${a.value.toString('hex')}`;
  const text = a.value.toString('utf8');
  // Binary values (State) are shown in hex, as radclient does.
  return Buffer.from(text, 'utf8').equals(a.value) && !/[\x00-\x1f]/.test(text) ? JSON.stringify(text) : `0x${a.value.toString('hex')}`;
}

/** Every attribute as `Name = value` (radclient style), in order; Message-Authenticator left out. */
export function describeReply(attributes: readonly Attribute[]): string[] {
  return attributes
    .filter((a) => a.type !== Attr.MessageAuthenticator)
    .map((a) => `${a.type === Attr.DigestHa1OrFireBrickSipAor ? 'SIP-AOR(121)' : attributeName(a.type)} = ${describeValue(a)}`);
}

function describeTarget(leg: PlannedLeg): string {
  const t = leg.target;
  switch (t?.kind) {
    case 'tel':
      return `ring the registrations of ${t.number}`;
    case 'sip':
      return `call ${t.uri}`;
    case 'carrier':
      return t.number === undefined ? `carrier ${t.carrier}, dialling the number as dialled` : `carrier ${t.carrier}, dialling ${t.number}`;
    case undefined:
      return `dialled number becomes ${leg.text}`;
  }
}

function describeLeg(leg: PlannedLeg, index: number): string {
  const via = leg.attribute === Attr.CalledStationId ? '' : ` [SIP-AOR ${leg.attribute}]`;
  const when =
    leg.delaySeconds === undefined || leg.delaySeconds === 0
      ? 'at once'
      : leg.delaySeconds >= 999
        ? 'as fallback (999 s: starts when the others have failed)'
        : `after ${leg.delaySeconds} s`;
  const extras = [leg.cli !== undefined ? `CLI ${leg.cli}` : undefined, leg.cui !== undefined ? `CUI ${leg.cui}` : undefined].filter(Boolean);
  return `  ${index + 1}. ${leg.value}${via} — ${describeTarget(leg)}, ${when}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

/** The body the lab answers an INVITE with: the decision, readable, plus the raw attributes. */
export function renderRoutePlan(request: SipRequest, reply: { readonly code: number; readonly attributes: readonly Attribute[] }, profile: LabProfile): string {
  const plan = readRoutePlan(reply.attributes);
  const lines = [
    `firebridge lab: ${request.method} ${request.requestUri}`,
    `from ${request.fromUser ?? '?'} to ${request.toUser ?? '?'} (firmware profile ${profile})`,
    '',
  ];
  if (plan.legs.length === 0) {
    lines.push('route plan: empty — the FireBrick would route this call by its own configuration');
  } else {
    lines.push(`route plan: ${plural(plan.legs.length, 'destination')}`);
    plan.legs.forEach((leg, i) => lines.push(describeLeg(leg, i)));
  }
  if (plan.displayName !== undefined) lines.push(`display name: ${plan.displayName}`);
  if (plan.recordingEmail !== undefined) lines.push(`recording to: ${plan.recordingEmail}`);
  lines.push('', 'Access-Accept attributes:', ...describeReply(reply.attributes).map((l) => `  ${l}`), '');
  return lines.join('\n');
}

export interface Challenge {
  readonly realm: string;
  readonly nonce: string;
  readonly qop: readonly string[];
  readonly algorithm: string;
  readonly opaque: string | undefined;
  readonly stale: boolean;
}

/** The SIP challenge from an Access-Challenge: what the server gave, the rest filled in (spec §2). */
export function challengeFrom(attributes: readonly Attribute[], own: OwnChallenge): Challenge {
  const a = new AttributeReader(attributes);
  const qop = a.all(Attr.DigestQop).map((q) => q.toString('utf8'));
  return {
    realm: a.text(Attr.DigestRealm) ?? own.realm,
    nonce: a.text(Attr.DigestNonce) ?? randomBytes(16).toString('hex'),
    qop: qop.length ? qop : ['auth'],
    algorithm: a.text(Attr.DigestAlgorithm) ?? 'MD5',
    opaque: a.text(Attr.DigestOpaque),
    stale: a.text(Attr.DigestStale)?.toLowerCase() === 'true',
  };
}

export function challengeHeaderValue(c: Challenge): string {
  const parts = [`realm=${quoteValue(c.realm)}`, `nonce=${quoteValue(c.nonce)}`];
  if (c.opaque !== undefined) parts.push(`opaque=${quoteValue(c.opaque)}`);
  parts.push(`algorithm=${c.algorithm}`);
  if (c.qop.length) parts.push(`qop=${quoteValue(c.qop.join(','))}`);
  if (c.stale) parts.push('stale=TRUE');
  return `Digest ${parts.join(', ')}`;
}

/** SIP answer decided from a RADIUS reply (or its absence). */
export interface SipAnswer extends ResponseInit {
  /** One line for the log. */
  readonly summary: string;
  /** INVITE answered 200: the call the lab accounts for (when accounting is on). */
  readonly connected?: boolean;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  302: 'Moved Temporarily',
  401: 'Unauthorized',
  403: 'Forbidden',
  407: 'Proxy Authentication Required',
  480: 'Temporarily Unavailable',
  489: 'Bad Event',
  503: 'Service Unavailable',
};

function answer(status: number, init: Omit<SipAnswer, 'status' | 'reason'>): SipAnswer {
  return { status, reason: REASONS[status] ?? 'Unknown', ...init };
}

export function warningHeader(text: string): readonly [string, string] {
  return ['Warning', `399 lab ${quoteValue(text.replace(/["\\]/g, "'"))}`];
}

export interface AnswerContext {
  readonly profile: LabProfile;
  readonly own: OwnChallenge;
  readonly credentials: DigestCredentials | undefined;
  /** The Contact address the lab itself answers from (for 2xx to INVITE). */
  readonly labContact: string;
  readonly defaultExpires: number;
}

/**
 * Access-Challenge → 401/407 with WWW-/Proxy-Authenticate; Access-Reject → 403 with Warning
 * (spec §5); Access-Accept → 200 (REGISTER: Contact;expires and Expires from Session-Timeout, or
 * 302 to a SIP-AOR, spec §3; INVITE/REFER: the route plan as text, or 480 for an empty plan).
 */
export function sipAnswer(request: SipRequest, reply: { readonly code: number; readonly attributes: readonly Attribute[] }, ctx: AnswerContext): SipAnswer {
  const a = new AttributeReader(reply.attributes);
  const method = request.method;
  switch (reply.code) {
    case Code.AccessChallenge: {
      const c = challengeFrom(reply.attributes, ctx.own);
      const register = method === 'REGISTER';
      return answer(register ? 401 : 407, {
        headers: [[register ? 'WWW-Authenticate' : 'Proxy-Authenticate', challengeHeaderValue(c)]],
        summary: `challenge realm=${c.realm}${c.stale ? ' (stale)' : ''}${a.has(Attr.DigestNonce) ? '' : ' (lab nonce: the Access-Challenge had none)'}`,
      });
    }
    case Code.AccessReject: {
      const message = a.text(Attr.ReplyMessage);
      return answer(403, {
        headers: message ? [warningHeader(message)] : [],
        summary: `rejected${message ? `: ${message}` : ''}`,
      });
    }
    case Code.AccessAccept:
      break;
    default:
      return answer(503, { headers: [warningHeader(`unexpected RADIUS reply code ${reply.code}`)], summary: `RADIUS code ${reply.code}` });
  }

  const headers: Array<readonly [string, string]> = [];
  const rspauth = a.text(Attr.DigestResponseAuth);
  if (rspauth && ctx.credentials) {
    const c = ctx.credentials;
    const info = [`rspauth=${quoteValue(rspauth)}`];
    if (c.qop !== undefined) info.push(`qop=${c.qop}`);
    if (c.cnonce !== undefined) info.push(`cnonce=${quoteValue(c.cnonce)}`);
    if (c.nc !== undefined) info.push(`nc=${c.nc}`);
    headers.push(['Authentication-Info', info.join(', ')]);
  }
  const aor = a.text(Attr.SipAor) ?? a.text(Attr.DigestHa1OrFireBrickSipAor);

  if (method === 'REGISTER') {
    if (aor !== undefined) {
      return answer(302, { headers: [...headers, ['Contact', `<${aor}>`]], summary: `redirected to ${aor}` });
    }
    const number = a.text(Attr.CallingStationId) ?? a.text(Attr.CalledStationId);
    const expires = a.integer(Attr.SessionTimeout) ?? request.expires ?? request.contactExpires ?? ctx.defaultExpires;
    if (request.contactUri !== undefined) headers.push(['Contact', `<${request.contactUri}>;expires=${expires}`]);
    const wildcard = request.contact?.trim() === '*';
    if (wildcard) headers.push(['Expires', '0']);
    else headers.push(['Expires', String(expires)]);
    const what = wildcard ? 'unregistered every contact' : request.contactUri === undefined ? 'query (no Contact)' : expires === 0 ? 'unregistered' : `registered for ${expires} s`;
    return answer(200, { headers, summary: `${what}${number !== undefined ? ` as tel:${number}` : ' (no number: the FireBrick records nothing)'}` });
  }

  if (method === 'INVITE' || method === 'REFER') {
    const plan = readRoutePlan(reply.attributes);
    const body = renderRoutePlan(request, reply, ctx.profile);
    const summary = plan.legs.length === 0 ? 'route plan empty (FireBrick routing)' : `route plan: ${plan.legs.map((l) => l.value).join(' | ')}`;
    if (plan.legs.length === 0) return answer(480, { headers, body, summary });
    if (method === 'INVITE') headers.push(['Contact', `<${ctx.labContact}>`]);
    return answer(200, { headers, body, summary, connected: method === 'INVITE' });
  }

  if (method === 'SUBSCRIBE' || method === 'PUBLISH') {
    return answer(489, { headers: [...headers, warningHeader('approved by RADIUS, but the lab serves no event packages')], summary: 'approved (no event packages in the lab)' });
  }
  return answer(200, { headers: method === 'OPTIONS' ? [...headers, ['Allow', 'INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER']] : headers, summary: 'approved' });
}
