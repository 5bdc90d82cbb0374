// Per-FireBrick settings for what the spec leaves ambiguous (spec §9). Each is chosen per RADIUS
// client, with the default the spec recommends.
export interface FirebrickProfile {
  /**
   * Attribute number for SIP-AOR in replies (spec §9.1). Manuals say 121, RFC 5090 says 122.
   * `mirror` (default) uses whichever number this box sent in its request, 122 when it sent none.
   */
  readonly sipAorAttribute: 'mirror' | 121 | 122;
  /**
   * Where a REGISTER Accept puts the number the phone becomes reachable at (spec §9.2): the appendix
   * tables say Calling-Station-Id (default), the chapter text Called-Station-Id.
   */
  readonly registerNumberAttribute: 'Calling-Station-Id' | 'Called-Station-Id';
  /**
   * How an INVITE Accept carries routes (spec §4.4, §9.3): `v1.24` (default) — each route is a
   * Called-Station-Id in the §4.2 formats; `v1.25` — each leg is a SIP-AOR, Called-Station-Id only
   * overrides the dialled number.
   */
  readonly routingModel: 'v1.24' | 'v1.25';
}

export const DEFAULT_PROFILE: FirebrickProfile = {
  sipAorAttribute: 'mirror',
  registerNumberAttribute: 'Calling-Station-Id',
  routingModel: 'v1.24',
};

/**
 * Which caller IDs a FireBrick's calls may present (clients[].firebrick.cliPolicy; rules/cli-policy/
 * applies it; README → Caller ID policy).
 */
export interface CliPolicy {
  readonly preset: 'none' | 'uk-ofcom';
  readonly action: 'reject' | 'mark';
  readonly internationalGateways: readonly string[];
  readonly roamingMobiles: 'present' | 'withhold';
}

/** No caller ID is checked: the default, so a client without a policy behaves as before. */
export const NO_CLI_POLICY: CliPolicy = { preset: 'none', action: 'reject', internationalGateways: [], roamingMobiles: 'present' };
