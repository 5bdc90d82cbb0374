// A client's CLI policy applied to route plans: the CLI each leg would present (its own, the plan's,
// else the caller's), which legs are judged, emergency calls exempt, `reject` and `mark`, and `none`
// changing nothing.
import { describe, expect, it } from 'vitest';
import { NO_CLI_POLICY, type CliPolicy } from '../../../src/firebrick/profile.js';
import type { RoutePlan } from '../../../src/firebrick/route-plan.js';
import { applyCliPolicy, type CliCall } from '../../../src/rules/index.js';

const UK: CliPolicy = { ...NO_CLI_POLICY, preset: 'uk-ofcom' };
const MARK: CliPolicy = { ...UK, action: 'mark' };
const call = (callerCli: string | undefined, more: Partial<CliCall> = {}): CliCall => ({
  called: '02071234500',
  callerCli,
  fromAbroad: false,
  fromCarrier: false,
  authorised: undefined,
  ...more,
});
const carrier = (number?: string): RoutePlan['legs'][number] => ({ target: { kind: 'carrier', carrier: 'primary', ...(number ? { number } : {}) } });

describe('applyCliPolicy', () => {
  it('preset none changes nothing, whatever the CLI', () => {
    expect(applyCliPolicy(NO_CLI_POLICY, { legs: [carrier()] }, call('09012345678'))).toEqual({ kind: 'unchanged' });
  });

  it('a valid caller CLI leaves the plan as it is', () => {
    expect(applyCliPolicy(UK, { legs: [carrier()] }, call('02071234567'))).toEqual({ kind: 'unchanged' });
  });

  it('reject: the first leg presenting a refused CLI refuses the call, naming the number and why', () => {
    expect(applyCliPolicy(UK, { legs: [carrier()] }, call('09012345678'))).toEqual({
      kind: 'refuse',
      reason: 'premium-rate',
      cli: '09012345678',
      message: 'Caller ID refused: 09012345678 is a 09 premium-rate number',
    });
  });

  it('the Reply-Message repeats a CLI only when it is made of number characters', () => {
    expect(applyCliPolicy(UK, { legs: [carrier()] }, call('alice smith\r\nX-Evil: 1'))).toMatchObject({
      reason: 'not-a-number',
      message: 'Caller ID refused: the CLI is not a telephone number',
    });
    expect(applyCliPolicy(UK, { legs: [carrier()] }, call(undefined, { fromCarrier: true, fromAbroad: true }))).toMatchObject({
      message: 'Caller ID refused: the CLI is missing on a call from abroad',
    });
  });

  it("a rule's leg cli is judged, not the caller's, and Allowed presents the caller's own", () => {
    const plan: RoutePlan = { legs: [{ ...carrier(), cli: '07012345678' }] };
    expect(applyCliPolicy(UK, plan, call('02071234567'))).toMatchObject({ kind: 'refuse', reason: 'personal', cli: '07012345678' });
    const allowed: RoutePlan = { legs: [{ ...carrier(), cli: 'Allowed' }] };
    expect(applyCliPolicy(UK, allowed, call('09012345678'))).toMatchObject({ kind: 'refuse', reason: 'premium-rate', cli: '09012345678' });
    const anonymous: RoutePlan = { legs: [{ ...carrier(), cli: 'Anonymous' }] };
    expect(applyCliPolicy(UK, anonymous, call('09012345678'))).toEqual({ kind: 'unchanged' });
  });

  it("a phone's call is judged where it leaves for the public network: carrier legs, not its own phones or SIP URIs", () => {
    const internal: RoutePlan = { legs: [{ target: { kind: 'tel', number: '202' } }, { target: { kind: 'sip', uri: 'sip:vm-202@voicemail.example.com' }, delaySeconds: 20 }] };
    expect(applyCliPolicy(UK, internal, call('201', { called: '202' }))).toEqual({ kind: 'unchanged' });
    expect(applyCliPolicy(UK, { legs: [...internal.legs, carrier('07912345678')] }, call('201', { called: '202' }))).toMatchObject({
      kind: 'refuse',
      reason: 'international-length',
      cli: '201',
    });
    // The FireBrick routes it itself: judged when it dials a public number.
    expect(applyCliPolicy(UK, { legs: [] }, call('201', { called: '202' }))).toEqual({ kind: 'unchanged' });
    expect(applyCliPolicy(UK, { legs: [] }, call('201', { called: '02071234500' }))).toMatchObject({ kind: 'refuse', cli: '201' });
  });

  it("a carrier's call terminates here: every leg is judged, its phones included", () => {
    const plan: RoutePlan = { legs: [{ target: { kind: 'tel', number: '201' } }] };
    expect(applyCliPolicy(UK, plan, call('09012345678', { fromCarrier: true }))).toMatchObject({ kind: 'refuse', reason: 'premium-rate' });
    expect(applyCliPolicy(UK, plan, call('442071234567', { fromCarrier: true, fromAbroad: true }))).toMatchObject({ kind: 'refuse', reason: 'uk-from-abroad' });
    expect(applyCliPolicy(UK, plan, call('442071234567', { fromCarrier: true }))).toEqual({ kind: 'unchanged' });
  });

  it('mark: only the legs presenting a refused CLI get it withheld', () => {
    const plan: RoutePlan = { legs: [{ ...carrier('02071234599'), cli: '02071234567' }, carrier()], displayName: 'Reception' };
    const outcome = applyCliPolicy(MARK, plan, call('09012345678'));
    expect(outcome).toEqual({
      kind: 'withheld',
      plan: { legs: [plan.legs[0], { ...carrier(), cli: 'Anonymous' }], displayName: 'Reception' },
      withheld: [{ leg: 2, cli: '09012345678', reason: 'premium-rate' }],
    });
  });

  it('mark, in a plan without legs (the FireBrick routes): the call is withheld', () => {
    expect(applyCliPolicy(MARK, { legs: [] }, call('02079460123'))).toEqual({
      kind: 'withheld',
      plan: { legs: [], cli: 'Anonymous' },
      withheld: [{ leg: undefined, cli: '02079460123', reason: 'drama' }],
    });
  });

  it('emergency calls are exempt [C6]: dialled 999, 112 or a configured one, or a leg dialling one', () => {
    for (const called of ['999', '112']) {
      expect(applyCliPolicy(UK, { legs: [carrier()] }, call('09012345678', { called }))).toEqual({ kind: 'unchanged' });
    }
    expect(applyCliPolicy(UK, { legs: [carrier('999')] }, call('09012345678', { called: '0999' }))).toEqual({ kind: 'unchanged' });
    // The fraud guard's extra emergency numbers (fraud.emergency) are exempt too.
    expect(applyCliPolicy(UK, { legs: [carrier()] }, call('09012345678', { called: '911', emergency: ['911'] }))).toEqual({ kind: 'unchanged' });
    expect(applyCliPolicy(UK, { legs: [carrier()] }, call('09012345678', { called: '911' }))).toMatchObject({ kind: 'refuse' });
  });

  it('a redirect presents nothing: unchanged', () => {
    expect(applyCliPolicy(UK, { legs: [], redirect: 'sip:elsewhere@example.com' }, call('09012345678'))).toEqual({ kind: 'unchanged' });
  });

  it('a UK mobile from abroad under roamingMobiles withhold is withheld even when the action is reject', () => {
    const policy: CliPolicy = { ...UK, roamingMobiles: 'withhold' };
    expect(applyCliPolicy(policy, { legs: [carrier()] }, call('447912345678', { fromAbroad: true }))).toMatchObject({
      kind: 'withheld',
      withheld: [{ leg: 1, reason: 'roaming-mobile' }],
    });
  });
});
