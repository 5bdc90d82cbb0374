// A call routing decision as data (spec §4). The rule engine produces it; encode-decision.ts writes it
// as attributes for the client's routing model. Nothing here knows about RADIUS.

/** Where one leg goes (spec §4.2). */
export type RouteTarget =
  /** Ring every registration recorded for the number. */
  | { readonly kind: 'tel'; readonly number: string }
  /** Place the leg directly to a SIP URI. */
  | { readonly kind: 'sip'; readonly uri: string }
  /** Send to a configured carrier, dialling `number` or (absent) the call's dialled number. */
  | { readonly kind: 'carrier'; readonly carrier: string; readonly number?: string };

export interface RouteLeg {
  readonly target: RouteTarget;
  /** Seconds after the call starts before this leg is tried (cascade/hunt ringing; spec §4.2 `N+`). */
  readonly delaySeconds?: number;
  /** CLI presented on this leg; `Anonymous` withholds it, `Allowed` forces presentation (spec §4.1). */
  readonly cli?: string;
  /** Chargeable-User-Identity stamped on this leg's accounting (spec §4.1). */
  readonly cui?: string;
}

export interface RoutePlan {
  /** Legs in order. Empty: the FireBrick applies its own routing (spec §4.2). */
  readonly legs: readonly RouteLeg[];
  /** Replaces the call's display name (User-Name, V1.25+). */
  readonly displayName?: string;
  /** Call-recording e-mail address (Filter-Id, V1.25+; spec §4.6). */
  readonly recordingEmail?: string;
  /** Send a redirect back to the caller (SIP-AOR; spec §4.5). */
  readonly redirect?: string;
}

export function formatTarget(t: RouteTarget): string {
  switch (t.kind) {
    case 'tel':
      return `tel:${t.number}`;
    case 'sip':
      return t.uri;
    case 'carrier':
      return `${t.number ?? ''}@${t.carrier}`;
  }
}

/** `N+target` (spec §4.2). */
export function formatLeg(leg: RouteLeg): string {
  const target = formatTarget(leg.target);
  return leg.delaySeconds ? `${leg.delaySeconds}+${target}` : target;
}
