// The FireBrick encoder: every decision kind, every profile setting, the interleaving rule.
import { describe, expect, it } from 'vitest';
import { encodeDecision, redirectRefusal, RoutePlanEncodingError, type EncodeContext } from '../../src/firebrick/encode-decision.js';
import { DEFAULT_PROFILE } from '../../src/firebrick/profile.js';
import { Attr, Code } from '../../src/radius/index.js';

const ctx = (over: Partial<EncodeContext> = {}, profile = {}): EncodeContext => ({
  profile: { ...DEFAULT_PROFILE, ...profile },
  requestSipAorAttribute: undefined,
  callerCli: '447700900123',
  callerCui: undefined,
  ...over,
});

describe('encodeDecision', () => {
  it('challenge carries realm, nonce, qop, algorithm, opaque, stale and State in that order', () => {
    const state = Buffer.from('st');
    const r = encodeDecision({ kind: 'challenge', realm: 'r', nonce: 'n', qop: 'auth', algorithm: 'MD5', opaque: 'o', stale: true, state }, ctx());
    expect(r.code).toBe(Code.AccessChallenge);
    expect(r.attributes).toEqual([
      [Attr.DigestRealm, 'r'],
      [Attr.DigestNonce, 'n'],
      [Attr.DigestQop, 'auth'],
      [Attr.DigestAlgorithm, 'MD5'],
      [Attr.DigestOpaque, 'o'],
      [Attr.DigestStale, 'true'],
      [Attr.State, state],
    ]);
  });

  it('reject cuts an over-long Reply-Message on a character boundary', () => {
    const r = encodeDecision({ kind: 'reject', reason: 'x', message: 'é'.repeat(200) }, ctx());
    const text = r.attributes[0]![1] as string;
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(253);
    expect(text).toBe('é'.repeat(126));
  });

  it.each([
    [{}, Attr.CallingStationId],
    [{ registerNumberAttribute: 'Called-Station-Id' }, Attr.CalledStationId],
  ])('REGISTER accept puts the number where the profile says (%o)', (profile, type) => {
    const r = encodeDecision({ kind: 'register-accept', number: '201', expires: 300, digestResponseAuth: 'abc' }, ctx({}, profile));
    expect(r.attributes).toEqual([
      [type, '201'],
      [Attr.SessionTimeout, 300],
      [Attr.DigestResponseAuth, 'abc'],
    ]);
  });

  it.each([
    ['mirror, request used 121', { requestSipAorAttribute: 121 as const }, {}, 121],
    ['mirror, request had none', {}, {}, 122],
    ['fixed 121', { requestSipAorAttribute: 122 as const }, { sipAorAttribute: 121 }, 121],
  ])('SIP-AOR number: %s', (_n, over, profile, type) => {
    const r = encodeDecision({ kind: 'register-accept', redirect: 'sip:x@y' }, ctx(over, profile));
    expect(r.attributes).toEqual([[type, 'sip:x@y']]);
  });

  it('restores the caller CLI after a leg that changed it, and refuses to drop a CUI it cannot restore', () => {
    const plan = {
      legs: [
        { target: { kind: 'tel' as const, number: '1' }, cli: 'Anonymous' },
        { target: { kind: 'tel' as const, number: '2' } },
      ],
    };
    expect(encodeDecision({ kind: 'route-accept', plan }, ctx()).attributes).toEqual([
      [Attr.CallingStationId, 'Anonymous'],
      [Attr.CalledStationId, 'tel:1'],
      [Attr.CallingStationId, '447700900123'],
      [Attr.CalledStationId, 'tel:2'],
    ]);
    const cuiPlan = { legs: [{ target: { kind: 'tel' as const, number: '1' }, cui: 'c' }, { target: { kind: 'tel' as const, number: '2' } }] };
    expect(() => encodeDecision({ kind: 'route-accept', plan: cuiPlan }, ctx())).toThrow(RoutePlanEncodingError);
  });

  it("a plan's cli is every leg's without its own, and with no legs the call's (spec §4.1)", () => {
    const plan = {
      cli: 'Anonymous',
      legs: [{ target: { kind: 'tel' as const, number: '1' } }, { target: { kind: 'tel' as const, number: '2' }, cli: '441632960001' }, { target: { kind: 'tel' as const, number: '3' } }],
    };
    expect(encodeDecision({ kind: 'route-accept', plan }, ctx()).attributes).toEqual([
      [Attr.CallingStationId, 'Anonymous'],
      [Attr.CalledStationId, 'tel:1'],
      [Attr.CallingStationId, '441632960001'],
      [Attr.CalledStationId, 'tel:2'],
      [Attr.CallingStationId, 'Anonymous'],
      [Attr.CalledStationId, 'tel:3'],
    ]);
    expect(encodeDecision({ kind: 'route-accept', plan: { legs: [], cli: 'Anonymous' } }, ctx()).attributes).toEqual([[Attr.CallingStationId, 'Anonymous']]);
  });

  it('writes display name, recording address and redirect before the legs', () => {
    const r = encodeDecision(
      { kind: 'route-accept', plan: { legs: [{ target: { kind: 'carrier', carrier: 'a', number: '5' }, delaySeconds: 7 }], displayName: 'Rec', recordingEmail: 'r@x', redirect: 'sip:r@x' } },
      ctx(),
    );
    expect(r.attributes).toEqual([
      [Attr.UserName, 'Rec'],
      [Attr.FilterId, 'r@x'],
      [122, 'sip:r@x'],
      [Attr.CalledStationId, '7+5@a'],
    ]);
    expect(() =>
      encodeDecision({ kind: 'route-accept', plan: { legs: [], redirect: 'sip:r@x' } }, ctx({}, { routingModel: 'v1.25' })),
    ).toThrow(/v1.25/);
  });

  it('refuses a redirect for the v1.25 routing model with the same reason the rule check gives (spec §4.4, §9.3)', () => {
    const v125 = { ...DEFAULT_PROFILE, routingModel: 'v1.25' } as const;
    expect(redirectRefusal(DEFAULT_PROFILE)).toBeUndefined();
    expect(redirectRefusal(v125)).toBe('uses routingModel v1.25, where SIP-AOR creates a leg and cannot redirect (spec §4.4, §9.3)');
    const encode = (): unknown => encodeDecision({ kind: 'route-accept', plan: { legs: [], redirect: 'sip:r@x' } }, ctx({}, v125));
    expect(encode).toThrow(RoutePlanEncodingError);
    expect(encode).toThrow(`a redirect for a client that ${redirectRefusal(v125)!}`);
  });
});
