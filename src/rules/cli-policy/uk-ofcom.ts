// The `uk-ofcom` preset: may this call present this CLI? A pure function of the number read
// (presented-number.ts, which cites the sources [C6] [G23] [G25] [NP]) and two facts about the call.
// Checks in order: withheld is always honoured; then validity and range; then where the call came
// from; then whether the caller may present the number.
import { isPresentableRange, type PresentedNumber } from './presented-number.js';

export interface CliFacts {
  /** The call came in from a carrier named in cliPolicy.internationalGateways: from outside the UK [G25]. */
  readonly fromAbroad: boolean;
  /**
   * The E.164 numbers the caller may present — its own number and its authorised-presentation list
   * (`firebridge subscriber set --present`); undefined when the caller is no subscriber (a carrier, a
   * local phone the FireBrick vouched for), whose numbers firebridge does not know.
   */
  readonly authorised: ReadonlySet<string> | undefined;
}

/**
 * Why a CLI may not be presented: one vocabulary for logs, metrics and the Reply-Message. Every
 * invalid form and every range that is not presentable must have its sentence: judgeUkOfcom passes
 * them here, so a missing one is a compile error.
 */
export const CliRefusal = {
  'not-a-number': 'is not a telephone number',
  'uk-length': 'is not a UK number of 10 or 11 digits',
  'short-code': "is a short code, not a caller's number",
  'international-length': 'is not an international number of 7 to 15 digits',
  drama: 'is in a range kept for TV and radio drama, never allocated',
  unallocated: 'is not in an allocated UK number range',
  personal: 'is a 070 personal number',
  pager: 'is a 076 pager number, which cannot make calls',
  'network-only': 'is an 08979 network number, which is not dialable',
  'premium-rate': 'is a 09 premium-rate number',
  'missing-from-abroad': 'is missing on a call from abroad',
  'uk-from-abroad': 'is a UK number on a call from abroad',
  'not-authorised': 'is not a number this caller may present',
} as const;

export type CliRefusalReason = keyof typeof CliRefusal;

export type CliVerdict =
  | { readonly kind: 'present' }
  /** Shown withheld whatever the policy's action: a UK mobile from abroad under `roamingMobiles: withhold`. */
  | { readonly kind: 'withhold'; readonly reason: 'roaming-mobile' }
  | { readonly kind: 'refuse'; readonly reason: CliRefusalReason };

export interface UkOfcomOptions {
  /**
   * A UK mobile number on a call from abroad: `present` — the roaming exemption of the guidance in
   * force since 29 January 2025 [G25]; `withhold` — Ofcom's July 2025 proposal to withhold such CLIs
   * unless verified.
   */
  readonly roamingMobiles: 'present' | 'withhold';
}

const PRESENT: CliVerdict = { kind: 'present' };
const refuse = (reason: CliRefusalReason): CliVerdict => ({ kind: 'refuse', reason });

export function judgeUkOfcom(n: PresentedNumber, facts: CliFacts, options: UkOfcomOptions): CliVerdict {
  switch (n.kind) {
    case 'withheld':
      return PRESENT;
    case 'none':
      // Calls from abroad without a valid CLI are blocked [G23]; otherwise the FireBrick presents
      // what its own configuration gives the call, which this request does not show.
      return facts.fromAbroad ? refuse('missing-from-abroad') : PRESENT;
    case 'invalid':
      return refuse(n.reason);
    case 'uk':
      if (!isPresentableRange(n.range)) return refuse(n.range);
      if (facts.fromAbroad) {
        // [G25]: from abroad a UK CLI is blocked, except a UK mobile roaming (+447…); the other
        // exception, a UK customer's call through a network abroad, is a subscriber's call, not a gateway's.
        if (n.range !== 'mobile') return refuse('uk-from-abroad');
        if (options.roamingMobiles === 'withhold') return { kind: 'withhold', reason: 'roaming-mobile' };
      }
      break;
    case 'international':
      break;
  }
  if (facts.authorised && !facts.authorised.has(n.e164)) return refuse('not-authorised');
  return PRESENT;
}

/** What of a CLI the Reply-Message may repeat: it came from the caller, so only plain number characters. */
const SHOWABLE = /^[A-Za-z0-9+._@-]{1,64}$/;

/**
 * The Reply-Message for a refused CLI: it reaches the caller's phone in the SIP Warning header
 * (spec §5), so a CLI is repeated only when it is made of number characters, never whatever the
 * caller put in its From header.
 */
export function cliRefusalMessage(reason: CliRefusalReason, cli: string | undefined): string {
  return `Caller ID refused: ${cli !== undefined && SHOWABLE.test(cli) ? cli : 'the CLI'} ${CliRefusal[reason]}`;
}
