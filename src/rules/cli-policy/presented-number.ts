// What a presented caller ID (CLI) is: withheld, a UK number of a named range, an international
// number, or not a dialable number at all. Pure; never throws. The ranges are the UK National
// Telephone Numbering Plan's, as Ofcom's CLI guidance reads them (the sources are cited per range,
// and listed in README → Caller ID policy):
//   [C6]  General Condition C6.6: block calls "in relation to which invalid or non-diallable CLI Data
//         is provided" (other than calls to Emergency Organisations).
//   [G23] Ofcom, "Improving the accuracy of CLI data", statement 15 Nov 2022, in force 15 May 2023
//         (ofcom.org.uk/consultations-and-statements/category-2/improving-cli-data-accuracy): a CLI is a
//         10- or 11-digit number; numbers that should not be used as CLI (allocation data, the Do Not
//         Originate list) are blocked; calls from abroad without valid CLI are blocked; 09 numbers
//         may not be used as CLI.
//   [G25] Ofcom, updated CLI guidance in force 29 Jan 2025 (consulted on as "Tackling scam calls",
//         Feb 2024): calls from abroad may not present a UK number, except UK mobiles roaming abroad
//         (+447) and calls shown to come from UK customers. Ofcom's July 2025 proposal would withhold
//         the roaming mobiles' CLI unless verified (cliPolicy.roamingMobiles: withhold).
//   [NP]  The Numbering Plan's designations: 070 personal numbering, 076 radiopaging, 118 directory
//         enquiries, 08979 network numbers (not dialable), and the ranges kept for TV and radio drama.

import { classifyDestination } from '../fraud/classes.js';

/** A presented CLI, read. `e164` is `+` and digits. */
export type PresentedNumber =
  /** `Anonymous` (spec §4.1): presentation restricted. The privacy marking is always honoured [C6]. */
  | { readonly kind: 'withheld' }
  /** No CLI at all. */
  | { readonly kind: 'none' }
  | { readonly kind: 'uk'; readonly e164: string; readonly range: UkRange }
  | { readonly kind: 'international'; readonly e164: string }
  | { readonly kind: 'invalid'; readonly reason: InvalidReason };

export type UkRange = (typeof UK_RANGES)[number]['range'];

export type InvalidReason =
  /** Not digits (with an optional leading `+`, or a `number@host` From override). */
  | 'not-a-number'
  /** A UK number that is not 10 or 11 digits in national format [G23]. */
  | 'uk-length'
  /** A UK short code (118 directory enquiries, 116 helplines, 999, 1471, …): dialled, never a caller [NP]. */
  | 'short-code'
  /** An E.164 number outside 7–15 digits (ITU-T E.164 §6: at most 15), or an extension. */
  | 'international-length';

/**
 * One range of national significant numbers (the digits after the 0, or after +44): its prefix, the
 * national lengths it has (with the 0), and whether it may be presented. The first (longest) prefix
 * that matches decides; `presentable: false` names the refusal.
 */
interface UkRangeRow {
  readonly prefix: string;
  readonly range: string;
  /** National lengths, leading 0 included. */
  readonly lengths: readonly number[];
  readonly presentable: boolean;
}

const UK_RANGES = [
  // [NP] Kept for TV and radio drama: never allocated, so never a caller's number [G23].
  ...['1134960', '1144960', '1154960', '1164960', '1174960', '1184960', '1214960', '1314960', '1414960', '1514960', '1614960'].map(
    (prefix) => ({ prefix, range: 'drama', lengths: [11], presentable: false }) as const,
  ),
  { prefix: '1632960', range: 'drama', lengths: [11], presentable: false },
  { prefix: '2079460', range: 'drama', lengths: [11], presentable: false },
  { prefix: '2896496', range: 'drama', lengths: [11], presentable: false },
  { prefix: '2920180', range: 'drama', lengths: [11], presentable: false },
  { prefix: '3069990', range: 'drama', lengths: [11], presentable: false },
  { prefix: '7700900', range: 'drama', lengths: [11], presentable: false },
  { prefix: '8081570', range: 'drama', lengths: [11], presentable: false },
  { prefix: '9098790', range: 'drama', lengths: [11], presentable: false },
  // Geographic: 01 has 10- and 11-digit numbers, 02 11 [G23].
  { prefix: '1', range: 'geographic', lengths: [10, 11], presentable: true },
  { prefix: '2', range: 'geographic', lengths: [11], presentable: true },
  // 03: non-geographic at geographic rates.
  { prefix: '3', range: 'non-geographic', lengths: [11], presentable: true },
  // 055/056: corporate and VoIP numbers; the rest of 05 is not allocated.
  { prefix: '55', range: 'corporate', lengths: [11], presentable: true },
  { prefix: '56', range: 'voip', lengths: [11], presentable: true },
  // [NP] 070 personal numbering: premium-rate-like charges, not a caller's line.
  { prefix: '70', range: 'personal', lengths: [11], presentable: false },
  // [NP] 076 radiopaging cannot make calls; 07624 is the Isle of Man's mobile range.
  { prefix: '7624', range: 'mobile', lengths: [11], presentable: true },
  { prefix: '76', range: 'pager', lengths: [11], presentable: false },
  { prefix: '7', range: 'mobile', lengths: [11], presentable: true },
  // Freephone: 0800 has 10- and 11-digit numbers, 0808 11.
  { prefix: '800', range: 'freephone', lengths: [10, 11], presentable: true },
  { prefix: '808', range: 'freephone', lengths: [11], presentable: true },
  // [NP] 08979 carries a Network Number only; it is not dialable, so never presented [G23].
  { prefix: '8979', range: 'network-only', lengths: [11], presentable: false },
  // 084 and 087 service-charge numbers: only 09 is named as forbidden [G23].
  { prefix: '84', range: 'service-charge', lengths: [11], presentable: true },
  { prefix: '87', range: 'service-charge', lengths: [11], presentable: true },
  // [G23] "prohibiting the use of 09 non-geographic numbers as CLI".
  { prefix: '9', range: 'premium-rate', lengths: [10, 11], presentable: false },
  // Everything else (04, 05x, 06, 08x other than the above, 00…) is not an allocated range [G23].
  { prefix: '', range: 'unallocated', lengths: [10, 11], presentable: false },
] as const satisfies readonly UkRangeRow[];

export type PresentableRange = Extract<(typeof UK_RANGES)[number], { presentable: true }>['range'];
export type RefusedRange = Exclude<UkRange, PresentableRange>;

/** The ranges that may be presented; the others name why not (cli-policy/uk-ofcom.ts). */
export function isPresentableRange(range: UkRange): range is PresentableRange {
  return UK_RANGES.some((r) => r.range === range && r.presentable);
}

/** The FireBrick's CLI value that marks the CLI withheld (spec §4.1). */
export const WITHHELD_CLI = 'Anonymous';

/**
 * How a CLI is written (spec §4.1): `+` and digits (E.164), `00` and the international number, `0` and
 * a UK national number, or bare digits — E.164 without the `+`, the way the FireBrick writes numbers
 * (spec §4.3's `441632960001`). A `number@host` value (a new From address, V1.51+) presents its user.
 */
export function readPresentedNumber(cli: string | undefined): PresentedNumber {
  if (cli === undefined || cli === '') return { kind: 'none' };
  if (cli.toLowerCase() === WITHHELD_CLI.toLowerCase()) return { kind: 'withheld' };
  const at = cli.indexOf('@');
  const text = at >= 0 ? cli.slice(0, at) : cli;
  const m = /^(\+|00|0)?([0-9]+)$/.exec(text);
  if (!m) return { kind: 'invalid', reason: 'not-a-number' };
  const lead = m[1];
  const digits = m[2]!;
  if (lead === '0') return ukNumber(digits);
  if (lead === undefined && /^(1[0-9]{2,5}|999)$/.test(digits)) return { kind: 'invalid', reason: 'short-code' };
  // International form: +CC…, 00CC…, or bare CC…
  if (digits.startsWith('0')) return { kind: 'invalid', reason: 'not-a-number' };
  if (digits.startsWith('44')) return ukNumber(digits.slice(2));
  if (digits.length < 7 || digits.length > 15) return { kind: 'invalid', reason: 'international-length' };
  return { kind: 'international', e164: `+${digits}` };
}

/** A UK national significant number (no leading 0): its range, or why it is not a UK number. */
function ukNumber(nsn: string): PresentedNumber {
  const row = UK_RANGES.find((r) => nsn.startsWith(r.prefix))!;
  if (!(row.lengths as readonly number[]).includes(nsn.length + 1)) return { kind: 'invalid', reason: 'uk-length' };
  return { kind: 'uk', e164: `+44${nsn}`, range: row.range };
}

/** The E.164 form of a number as an operator writes it (`--present`, a subscriber's number); else undefined. */
export function e164Of(number: string): string | undefined {
  const n = readPresentedNumber(number);
  return n.kind === 'uk' || n.kind === 'international' ? n.e164 : undefined;
}

/**
 * Emergency numbers — 999 and 112, and those configured in fraud.emergency — as the fraud guard knows
 * them (rules/fraud/classes.ts): calls to them are never refused for their CLI, since GC C6.6 exempts
 * calls to Emergency Organisations [C6].
 */
export function isEmergencyNumber(called: string | undefined, extra: readonly string[] = []): boolean {
  return called !== undefined && classifyDestination(called, [], extra).kind === 'emergency';
}
