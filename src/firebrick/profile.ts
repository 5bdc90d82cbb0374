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

/** What a feature code does to the caller's call features (rules/feature-codes/). */
export const FEATURE_CODE_ACTIONS = [
  'forward',
  'forward-off',
  'forward-no-answer',
  'forward-no-answer-off',
  'forward-unreachable',
  'forward-unreachable-off',
  'dnd-on',
  'dnd-off',
] as const;
export type FeatureCodeAction = (typeof FEATURE_CODE_ACTIONS)[number];

/**
 * One feature code: the digits a phone dials, `N` standing for a number (the destination) and `S`
 * for seconds (the no-answer time), e.g. `*21*N#`, `*61*N*S#`, `*78`.
 */
export interface FeatureCodeSpec {
  readonly pattern: string;
  readonly action: FeatureCodeAction;
}

/**
 * Feature codes a client's phones may dial (clients[].firebrick.featureCodes; README → Feature codes).
 * Absent: none, every INVITE is routed.
 */
export interface FeatureCodesProfile {
  /** `common`: the preset's codes (COMMON_FEATURE_CODES); `none`: only `codes`. */
  readonly preset: 'common' | 'none';
  /** Codes of their own, tried before the preset's. */
  readonly codes: readonly FeatureCodeSpec[];
  /**
   * Carrier for a forward to a number that is no subscriber's: `N@carrier` (spec §4.2). Absent: the
   * number's registrations, `tel:N`.
   */
  readonly carrier?: string;
}

/** The codes most phones and PBXs know (GSM/ETSI star codes, Asterisk's *78/*79). */
export const COMMON_FEATURE_CODES: readonly FeatureCodeSpec[] = [
  { pattern: '*21*N#', action: 'forward' },
  { pattern: '#21#', action: 'forward-off' },
  { pattern: '*61*N*S#', action: 'forward-no-answer' },
  { pattern: '*61*N#', action: 'forward-no-answer' },
  { pattern: '#61#', action: 'forward-no-answer-off' },
  { pattern: '*62*N#', action: 'forward-unreachable' },
  { pattern: '#62#', action: 'forward-unreachable-off' },
  { pattern: '*78', action: 'dnd-on' },
  { pattern: '*79', action: 'dnd-off' },
];
