// Spec §4.2–§4.4: a route plan written by the encoder and read back as the FireBrick reads it —
// every leg, in order, with its target and delay, and the CLI and CUI in force where it stands.
import { describe, expect, it } from 'vitest';
import { encodeDecision, type EncodeContext } from '../../src/firebrick/encode-decision.js';
import { DEFAULT_PROFILE, type FirebrickProfile } from '../../src/firebrick/profile.js';
import { readRoutePlan } from '../../src/firebrick/read-route-plan.js';
import type { RoutePlan } from '../../src/firebrick/route-plan.js';
import { Attr, Code, serializeRequest, type Attribute, type OutgoingAttribute } from '../../src/radius/index.js';
import { parsePacket } from '../../src/radius/parser.js';

const CALLER_CLI = '447700900123';
const CALLER_CUI = 'cust-1';

/** The attributes as they leave on the wire, framed and parsed back by the radius layer. */
function onTheWire(attributes: readonly OutgoingAttribute[]): readonly Attribute[] {
  const parsed = parsePacket(serializeRequest(Code.AccessRequest, 1, attributes, Buffer.from('a-test-secret-of-24-chars')));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.packet.attributes.filter((a) => a.type !== Attr.MessageAuthenticator);
}

const PLAN: RoutePlan = {
  displayName: 'Reception',
  recordingEmail: 'calls@example.com',
  legs: [
    { target: { kind: 'tel', number: '201' } },
    { target: { kind: 'carrier', carrier: 'carrierA', number: '0123' }, delaySeconds: 10, cli: 'Anonymous' },
    { target: { kind: 'carrier', carrier: 'carrierB' }, delaySeconds: 20, cui: 'cust-9' },
    { target: { kind: 'sip', uri: 'sip:vm@voicemail.example.com' }, delaySeconds: 999 },
  ],
};

describe('encode ⇄ read a route accept', () => {
  it.each<[string, Partial<FirebrickProfile>, number]>([
    ['v1.24: Called-Station-Id legs', { routingModel: 'v1.24' }, Attr.CalledStationId],
    ['v1.25: SIP-AOR legs', { routingModel: 'v1.25', sipAorAttribute: 122 }, Attr.SipAor],
  ])('%s', (_what, profile, legAttribute) => {
    const ctx: EncodeContext = { profile: { ...DEFAULT_PROFILE, ...profile }, requestSipAorAttribute: undefined, callerCli: CALLER_CLI, callerCui: CALLER_CUI };
    const read = readRoutePlan(onTheWire(encodeDecision({ kind: 'route-accept', plan: PLAN }, ctx).attributes));
    expect(read.displayName).toBe(PLAN.displayName);
    expect(read.recordingEmail).toBe(PLAN.recordingEmail);
    expect(read.legs.map((l) => [l.attribute, l.target, l.delaySeconds])).toEqual(PLAN.legs.map((l) => [legAttribute, l.target, l.delaySeconds]));
    // In force where each leg stands: its own value, else the caller's (written back, or never changed).
    expect(read.legs.map((l) => [l.cli ?? CALLER_CLI, l.cui ?? CALLER_CUI])).toEqual(PLAN.legs.map((l) => [l.cli ?? CALLER_CLI, l.cui ?? CALLER_CUI]));
  });
});
