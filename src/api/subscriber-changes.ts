// A subscriber's fields as the API takes them (POST and PATCH /api/subscribers): JSON values, null to
// remove one, read into the changes `firebridge subscriber add|set` make (app/subscribers.ts) with the
// same parsers, so a bad value is refused naming its field (`body.forward`) and nothing is written.
import { z } from 'zod';
import type { SubscriberChanges } from '../app/subscribers.js';
import { notANumber, readPresentList } from '../app/present-list.js';
import { parseFeatureTarget, parseFollowMeLeg, parseVoicemail, type FeatureTarget, type FollowMeLeg } from '../rules/features/call-features.js';
import { ApiError, type ApiProblem } from './errors.js';

const count = z.number().int().min(0).nullable().optional();
const destination = z.string().nullable().optional().describe('a number, tel:N, sip:URI, N@carrier, @carrier or voicemail; null removes it');

export const subscriberFields = {
  number: z.string().nullable().optional().describe('the number it registers as; null removes it'),
  cui: z.string().min(1).nullable().optional(),
  enabled: z.boolean().optional(),
  maxRegistrations: count,
  maxCalls: count,
  maxDuration: count.describe('seconds; 0: no limit of its own'),
  present: z.array(z.string()).optional().describe('numbers it may present besides its own; [] clears'),
  password: z.string().min(1).optional().describe('stored as HA1 per algorithm'),
  storePlaintext: z.boolean().optional().describe('also store the password itself'),
  forward: destination,
  forwardMode: z.enum(['legs', 'redirect']).optional(),
  forwardNoAnswer: destination,
  noAnswerSeconds: z.number().int().min(0).max(998).nullable().optional(),
  forwardUnreachable: destination,
  dnd: z.boolean().optional(),
  dndMode: z.enum(['reject', 'voicemail']).optional(),
  voicemail: z.string().nullable().optional().describe('a sip: URI; null removes it'),
  followMe: z.array(z.string()).optional().describe('[DELAY+]destination each; [] clears'),
  simRing: z.array(z.string()).optional().describe('destinations; [] clears'),
};
export const subscriberChangesBody = z.object(subscriberFields).strict();
export type SubscriberChangesBody = z.infer<typeof subscriberChangesBody>;

const NUMBER = /^\+?[0-9]+$/;

/** The body as changes, or a 400 naming every bad field. */
export function readSubscriberChanges(body: SubscriberChangesBody): SubscriberChanges {
  const problems: ApiProblem[] = [];
  const bad = (field: string, message: string): void => void problems.push({ path: `body.${field}`, message });
  const target = (field: string, text: string | null | undefined): FeatureTarget | false | undefined => {
    if (text === undefined) return undefined;
    if (text === null) return false;
    const read = parseFeatureTarget(text);
    if (read.ok) return read.target;
    bad(field, read.error);
    return undefined;
  };
  if (body.number != null && !NUMBER.test(body.number)) bad('number', `"${body.number}" is not a number (digits, optionally a leading +)`);
  let present: string[] | undefined;
  if (body.present !== undefined) {
    const read = readPresentList(body.present.join(','));
    if ('notANumber' in read) bad('present', notANumber(read.notANumber));
    else present = read.numbers;
  }
  let voicemail: string | false | undefined;
  if (body.voicemail === null) voicemail = false;
  else if (body.voicemail !== undefined) {
    const read = parseVoicemail(body.voicemail);
    if (read.ok) voicemail = read.uri;
    else bad('voicemail', read.error);
  }
  const followMe = body.followMe?.flatMap((text, i): FollowMeLeg[] => {
    const read = parseFollowMeLeg(text);
    if (read.ok) return [read.leg];
    bad(`followMe.${i}`, read.error);
    return [];
  });
  const simRing = body.simRing?.flatMap((text, i): FeatureTarget[] => {
    const read = target(`simRing.${i}`, text);
    return read ? [read] : [];
  });
  const changes: SubscriberChanges = {
    number: body.number,
    cui: body.cui,
    enabled: body.enabled,
    maxRegistrations: body.maxRegistrations,
    maxCalls: body.maxCalls,
    maxDuration: body.maxDuration,
    present,
    password: body.password,
    storePlaintext: body.storePlaintext,
    forward: target('forward', body.forward),
    forwardMode: body.forwardMode,
    forwardNoAnswer: target('forwardNoAnswer', body.forwardNoAnswer),
    answerTimeout: body.noAnswerSeconds === null ? false : body.noAnswerSeconds,
    forwardUnreachable: target('forwardUnreachable', body.forwardUnreachable),
    dnd: body.dnd,
    dndMode: body.dndMode,
    voicemail,
    followMe: followMe && (followMe.length ? followMe : false),
    simRing: simRing && (simRing.length ? simRing : false),
  };
  if (problems.length) throw new ApiError(400, 'invalid-request', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  return changes;
}
