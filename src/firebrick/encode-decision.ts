// Writes a Decision as RADIUS attributes for one FireBrick (spec §2–§5), honouring the client's
// profile for the spec's ambiguities (§9.1–§9.3). Pure: same decision, same bytes.
import { Attr, Code, fitText, type OutgoingAttribute, type RadiusReply } from '../radius/index.js';
import type { Decision, RouteAcceptDecision } from './decision.js';
import type { FirebrickProfile } from './profile.js';
import { formatLeg } from './route-plan.js';

export interface EncodeContext {
  readonly profile: FirebrickProfile;
  /** The SIP-AOR number the request used, for `sipAorAttribute: mirror`. */
  readonly requestSipAorAttribute: 121 | 122 | undefined;
  /** The caller's own CLI and CUI: used to restore them on a leg after one that changed them. */
  readonly callerCli: string | undefined;
  readonly callerCui: string | undefined;
}

export class RoutePlanEncodingError extends Error {
  override name = 'RoutePlanEncodingError';
}

/**
 * Why a FireBrick with this profile cannot be sent a redirect, or undefined when it can. In the v1.25
 * routing model every SIP-AOR in an INVITE Accept creates an outgoing leg (spec §4.4 reading B), so
 * a SIP-AOR redirect (§4.5) would place a call instead. The rules are checked against it when they
 * load (rules/client-fit.ts), so normally no call gets this far.
 */
export function redirectRefusal(profile: FirebrickProfile): string | undefined {
  return profile.routingModel === 'v1.25' ? 'uses routingModel v1.25, where SIP-AOR creates a leg and cannot redirect (spec §4.4, §9.3)' : undefined;
}

export function sipAorAttribute(ctx: EncodeContext): 121 | 122 {
  return ctx.profile.sipAorAttribute === 'mirror' ? (ctx.requestSipAorAttribute ?? 122) : ctx.profile.sipAorAttribute;
}

/** RFC 2865 §5 text fitting lives in radius/; re-exported for the callers that import it from here. */
export { fitText };

/**
 * An attribute the FireBrick applies to every later route (spec §4.3): written only when a leg needs
 * a different value; a leg without its own value after one that changed it gets the caller's back.
 */
class Sticky {
  private current: string | undefined;

  constructor(
    private readonly type: number,
    private readonly label: string,
    private readonly callerValue: string | undefined,
  ) {}

  want(value: string | undefined, legIndex: number, out: OutgoingAttribute[]): void {
    const wanted = value ?? (this.current !== undefined ? this.callerValue : undefined);
    if (wanted === this.current) return;
    if (wanted === undefined) {
      throw new RoutePlanEncodingError(
        `leg ${legIndex + 1} has no ${this.label} after a leg with ${this.label} "${this.current}", and the caller has none to restore`,
      );
    }
    out.push([this.type, wanted]);
    this.current = wanted;
  }
}

function routeAttributes(d: RouteAcceptDecision, ctx: EncodeContext): OutgoingAttribute[] {
  const out: OutgoingAttribute[] = [];
  const plan = d.plan;
  const aor = sipAorAttribute(ctx);
  if (plan.displayName) out.push([Attr.UserName, fitText(plan.displayName)]);
  if (plan.recordingEmail) out.push([Attr.FilterId, plan.recordingEmail]);
  if (plan.redirect) {
    const refusal = redirectRefusal(ctx.profile);
    if (refusal) throw new RoutePlanEncodingError(`a redirect for a client that ${refusal}`);
    out.push([aor, plan.redirect]);
  }
  // Spec §4.3: each route uses the most recent preceding CUI and CLI, so write them only where they
  // change — and once changed, a later leg that wants the caller's own value must get it back
  // explicitly.
  const cui = new Sticky(Attr.ChargeableUserIdentity, 'CUI', ctx.callerCui);
  const cli = new Sticky(Attr.CallingStationId, 'CLI', ctx.callerCli);
  if (!plan.legs.length && plan.cli !== undefined) out.push([Attr.CallingStationId, plan.cli]);
  plan.legs.forEach((leg, i) => {
    cui.want(leg.cui, i, out);
    cli.want(leg.cli ?? plan.cli, i, out);
    // v1.24: routes are Called-Station-Id values; v1.25 (spec §4.4 reading B): each SIP-AOR is a leg.
    out.push([ctx.profile.routingModel === 'v1.25' ? aor : Attr.CalledStationId, formatLeg(leg)]);
  });
  if (d.digestResponseAuth) out.push([Attr.DigestResponseAuth, d.digestResponseAuth]);
  return out;
}

export function encodeDecision(d: Decision, ctx: EncodeContext): Pick<RadiusReply, 'code' | 'attributes'> {
  switch (d.kind) {
    case 'challenge': {
      const attrs: OutgoingAttribute[] = [
        [Attr.DigestRealm, d.realm],
        [Attr.DigestNonce, d.nonce],
      ];
      if (d.qop) attrs.push([Attr.DigestQop, d.qop]);
      if (d.algorithm) attrs.push([Attr.DigestAlgorithm, d.algorithm]);
      if (d.opaque) attrs.push([Attr.DigestOpaque, d.opaque]);
      if (d.stale) attrs.push([Attr.DigestStale, 'true']);
      if (d.state) attrs.push([Attr.State, d.state]);
      return { code: Code.AccessChallenge, attributes: attrs };
    }
    case 'reject':
      return { code: Code.AccessReject, attributes: [[Attr.ReplyMessage, fitText(d.message)]] };
    case 'register-accept': {
      const attrs: OutgoingAttribute[] = [];
      if (d.number !== undefined) {
        const type = ctx.profile.registerNumberAttribute === 'Called-Station-Id' ? Attr.CalledStationId : Attr.CallingStationId;
        attrs.push([type, d.number]);
      }
      if (d.expires !== undefined) attrs.push([Attr.SessionTimeout, d.expires]);
      if (d.redirect) attrs.push([sipAorAttribute(ctx), d.redirect]);
      if (d.digestResponseAuth) attrs.push([Attr.DigestResponseAuth, d.digestResponseAuth]);
      return { code: Code.AccessAccept, attributes: attrs };
    }
    case 'route-accept':
      return { code: Code.AccessAccept, attributes: routeAttributes(d, ctx) };
    case 'accept':
      return {
        code: Code.AccessAccept,
        attributes: d.digestResponseAuth ? [[Attr.DigestResponseAuth, d.digestResponseAuth]] : [],
      };
  }
}
