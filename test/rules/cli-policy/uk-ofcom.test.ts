// The uk-ofcom preset, table-driven: each class of presented number, what it is read as, and whether
// a call may present it. Each row names the range and the source it tests (the tags of
// src/rules/cli-policy/presented-number.ts: [C6] GC C6.6, [G23] the 2023 guidance, [G25] the
// January 2025 guidance, [NP] the Numbering Plan's designations).
import { describe, expect, it } from 'vitest';
import { judgeUkOfcom, readPresentedNumber, type CliFacts, type CliVerdict, type PresentedNumber } from '../../../src/rules/index.js';

const UK_CALLER: CliFacts = { fromAbroad: false, authorised: undefined };
const FROM_ABROAD: CliFacts = { fromAbroad: true, authorised: undefined };
const present: CliVerdict = { kind: 'present' };
const refuse = (reason: string): CliVerdict => ({ kind: 'refuse', reason }) as CliVerdict;
const judge = (cli: string | undefined, facts: CliFacts = UK_CALLER, roamingMobiles: 'present' | 'withhold' = 'present'): CliVerdict =>
  judgeUkOfcom(readPresentedNumber(cli), facts, { roamingMobiles });

describe('reading a presented number: national, E.164 and FireBrick forms agree', () => {
  const cases: Array<[string, string | undefined, PresentedNumber]> = [
    ['national 0 + 10 digits', '02071234567', { kind: 'uk', e164: '+442071234567', range: 'geographic' }],
    ['E.164 with +', '+442071234567', { kind: 'uk', e164: '+442071234567', range: 'geographic' }],
    ['international prefix 00', '00442071234567', { kind: 'uk', e164: '+442071234567', range: 'geographic' }],
    ['E.164 without + (the FireBrick, spec §4.3)', '442071234567', { kind: 'uk', e164: '+442071234567', range: 'geographic' }],
    ['a From override number@host (spec §4.1, V1.51+)', '02071234567@example.com', { kind: 'uk', e164: '+442071234567', range: 'geographic' }],
    ['an international number', '+14155550123', { kind: 'international', e164: '+14155550123' }],
    ['an international number without +', '33142685300', { kind: 'international', e164: '+33142685300' }],
    ['Anonymous (spec §4.1)', 'Anonymous', { kind: 'withheld' }],
    ['anonymous, any case', 'anonymous', { kind: 'withheld' }],
    ['no CLI', undefined, { kind: 'none' }],
    ['an empty CLI', '', { kind: 'none' }],
    ['letters', 'alice', { kind: 'invalid', reason: 'not-a-number' }],
    ['spaces', '020 7123 4567', { kind: 'invalid', reason: 'not-a-number' }],
    ['+0…', '+02071234567', { kind: 'invalid', reason: 'not-a-number' }],
    ['an extension', '201', { kind: 'invalid', reason: 'international-length' }],
    ['16 digits of E.164 (ITU-T E.164: at most 15)', '+1415555012345678', { kind: 'invalid', reason: 'international-length' }],
  ];
  it.each(cases)('%s: %s', (_what, cli, read) => expect(readPresentedNumber(cli)).toEqual(read));
});

describe('the uk-ofcom preset: each range', () => {
  // [range tested, source, CLI, verdict for a UK caller]
  const cases: Array<[string, string, string | undefined, CliVerdict]> = [
    ['01 geographic, 11 digits', 'G23 10/11 digits', '01312345678', present],
    ['01 geographic, 10 digits (e.g. 016977)', 'G23 10/11 digits', '0169771234', present],
    ['02 geographic', 'G23', '02920123456', present],
    ['03 non-geographic', 'G23', '03001234567', present],
    ['055 corporate', 'NP', '05511234567', present],
    ['056 VoIP', 'NP', '05612345678', present],
    ['07 mobile', 'NP', '07912345678', present],
    ['07624 Isle of Man mobile', 'NP', '07624123456', present],
    ['0800 freephone, 10 digits', 'NP', '0800123456', present],
    ['0808 freephone', 'NP', '08081234567', present],
    ['084 service charge (only 09 is barred)', 'G23', '08451234567', present],
    ['087 service charge', 'G23', '08712345678', present],
    ['international', 'G23 valid international', '+33142685300', present],
    ['withheld', 'C6 privacy marking honoured', 'Anonymous', present],
    ['no CLI from a UK caller: the FireBrick presents its own', 'C6', undefined, present],
    ['09 premium rate', 'G23 "prohibiting the use of 09"', '09012345678', refuse('premium-rate')],
    ['09 premium rate, E.164', 'G23', '+449012345678', refuse('premium-rate')],
    ['070 personal numbering', 'NP', '07012345678', refuse('personal')],
    ['076 radiopaging', 'NP', '07612345678', refuse('pager')],
    ['08979 network number, not dialable', 'NP G23', '08979123456', refuse('network-only')],
    ['118 directory enquiries', 'NP', '118118', refuse('short-code')],
    ['116 helpline', 'NP', '116123', refuse('short-code')],
    ['999 as a CLI', 'NP', '999', refuse('short-code')],
    ['04 unallocated', 'G23 allocation data', '04123456789', refuse('unallocated')],
    ['06 unallocated', 'G23', '06123456789', refuse('unallocated')],
    ['050 unallocated', 'G23', '05012345678', refuse('unallocated')],
    ['0500 withdrawn', 'G23', '0500123456', refuse('unallocated')],
    ['01632 960 drama', 'NP never allocated', '01632960123', refuse('drama')],
    ['020 7946 0 drama', 'NP', '02079460123', refuse('drama')],
    ['07700 900 drama', 'NP', '+447700900123', refuse('drama')],
    ['02 with 10 digits', 'G23 10/11 digits', '0207123456', refuse('uk-length')],
    ['07 with 12 digits', 'G23', '079123456789', refuse('uk-length')],
    ['+44 with 8 digits', 'G23', '+4420712345', refuse('uk-length')],
  ];
  it.each(cases)('%s (%s): %s', (_range, _source, cli, verdict) => expect(judge(cli)).toEqual(verdict));
});

describe('calls from abroad (an international gateway) [G25]', () => {
  const cases: Array<[string, string | undefined, CliVerdict, CliVerdict]> = [
    // [what, CLI, roamingMobiles present, roamingMobiles withhold]
    ['a UK geographic number is blocked', '02071234567', refuse('uk-from-abroad'), refuse('uk-from-abroad')],
    ['a UK non-geographic number is blocked', '03001234567', refuse('uk-from-abroad'), refuse('uk-from-abroad')],
    ['a UK mobile is a roaming customer: presented, or withheld (July 2025 proposal)', '447912345678', present, { kind: 'withhold', reason: 'roaming-mobile' }],
    ['an international number is presented', '+14155550123', present, present],
    ['withheld is honoured', 'Anonymous', present, present],
    ['no CLI is blocked [G23: calls from abroad without valid CLI]', undefined, refuse('missing-from-abroad'), refuse('missing-from-abroad')],
    ['an invalid number is blocked', '12', refuse('international-length'), refuse('international-length')],
    ['09 is blocked for its range first', '09012345678', refuse('premium-rate'), refuse('premium-rate')],
  ];
  it.each(cases)('%s: %s', (_what, cli, whenPresent, whenWithhold) => {
    expect(judge(cli, FROM_ABROAD, 'present')).toEqual(whenPresent);
    expect(judge(cli, FROM_ABROAD, 'withhold')).toEqual(whenWithhold);
  });
});

describe('a subscriber presents only numbers it is authorised for', () => {
  const facts: CliFacts = { fromAbroad: false, authorised: new Set(['+442071234567', '+14155550123']) };
  const cases: Array<[string, string, CliVerdict]> = [
    ['its own number, national', '02071234567', present],
    ['its own number, E.164 without +', '442071234567', present],
    ['a listed international number', '0014155550123', present],
    ['another valid UK number', '02071234568', refuse('not-authorised')],
    ['another valid international number', '+33142685300', refuse('not-authorised')],
    ['withheld needs no authority', 'Anonymous', present],
    ['an invalid number is refused for what it is', '09012345678', refuse('premium-rate')],
  ];
  it.each(cases)('%s: %s', (_what, cli, verdict) => expect(judge(cli, facts)).toEqual(verdict));
});
