// An INVITE/REFER Access-Accept read back as the FireBrick reads it (spec §4.2, §4.3): the reverse
// of encode-decision.ts's route attributes, for the lab and for the round-trip tests. Each
// destination is read with route-plan.ts's parseLeg, and takes the CUI and CLI in force where it
// stands: the latest preceding ones, since the FireBrick applies each to every later route. Pure.
import { Attr, type Attribute } from '../radius/index.js';
import { parseLeg, type RouteTarget } from './route-plan.js';

/** One destination of an INVITE Accept, with the CUI and CLI in force where it stands (spec §4.3). */
export interface PlannedLeg {
  /** Called-Station-Id (v1.24 routing), or SIP-AOR 121/122 (a v1.25 leg, or a redirect). */
  readonly attribute: number;
  readonly value: string;
  readonly delaySeconds: number | undefined;
  /** undefined: none of the forms of spec §4.2 (`text` is what stood there). */
  readonly target: RouteTarget | undefined;
  /** The destination after its delay prefix. */
  readonly text: string;
  /** undefined: none written before it, so the caller's own. */
  readonly cli: string | undefined;
  readonly cui: string | undefined;
}

export interface RoutePlanView {
  readonly legs: readonly PlannedLeg[];
  readonly displayName: string | undefined;
  readonly recordingEmail: string | undefined;
}

/** Reads an INVITE/REFER Accept in wire order: each destination takes the latest preceding CUI and CLI. */
export function readRoutePlan(attributes: readonly Attribute[]): RoutePlanView {
  let cli: string | undefined;
  let cui: string | undefined;
  let displayName: string | undefined;
  let recordingEmail: string | undefined;
  const legs: PlannedLeg[] = [];
  for (const a of attributes) {
    const text = a.value.toString('utf8');
    switch (a.type) {
      case Attr.CallingStationId:
        cli = text;
        break;
      case Attr.ChargeableUserIdentity:
        cui = text;
        break;
      case Attr.UserName:
        displayName = text;
        break;
      case Attr.FilterId:
        recordingEmail = text;
        break;
      case Attr.CalledStationId:
      case Attr.SipAor:
      case Attr.DigestHa1OrFireBrickSipAor:
        legs.push({ attribute: a.type, value: text, ...parseLeg(text), cli, cui });
        break;
    }
  }
  return { legs, displayName, recordingEmail };
}
