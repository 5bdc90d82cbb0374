// A call routing decision as data (spec §4), and the route-list syntax of one destination in both
// directions: formatLeg writes it (encode-decision.ts puts it in an attribute), parseLeg reads it
// back (the lab shows what a FireBrick would do with it). The rule engine produces the plan;
// encode-decision.ts writes it as attributes for the client's routing model. Nothing here knows
// about RADIUS.

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
  /**
   * CLI of every leg that sets none; in a plan without legs, of the call the FireBrick routes itself
   * (Calling-Station-Id "replaces the CLI for the call", spec §4.1). Set by the CLI policy, not by rules.
   */
  readonly cli?: string;
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

/** One destination as read from a route list (spec §4.2). */
export interface ParsedLeg {
  /** The `N+` prefix, as written (0 included). */
  readonly delaySeconds: number | undefined;
  /** undefined: none of the four forms (what the FireBrick makes of it is not documented). */
  readonly target: RouteTarget | undefined;
  /** The destination as written, after the delay prefix. */
  readonly text: string;
}

export function parseTarget(text: string): RouteTarget | undefined {
  if (text.startsWith('tel:')) return { kind: 'tel', number: text.slice(4) };
  if (/^sips?:/i.test(text)) return { kind: 'sip', uri: text };
  const at = text.indexOf('@');
  if (at === 0) return { kind: 'carrier', carrier: text.slice(1) };
  if (at > 0) return { kind: 'carrier', carrier: text.slice(at + 1), number: text.slice(0, at) };
  return undefined;
}

/** `N+target` or `target` (spec §4.2); never throws: what is no known form has no target. */
export function parseLeg(value: string): ParsedLeg {
  const m = /^(\d+)\+(.*)$/s.exec(value);
  const text = m ? m[2]! : value;
  return { delaySeconds: m ? Number(m[1]) : undefined, target: parseTarget(text), text };
}
