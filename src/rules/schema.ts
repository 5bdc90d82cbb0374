// The routing rule file format (routing-rules/*.yaml). README.md → "Routing rules" documents it;
// `firebridge schema` prints it as JSON Schema for editor completion.
import { z } from 'zod';
import { FRAUD_METRICS } from './fraud/thresholds.js';
import { LCR_TABLE_NAME } from './lcr/entry.js';
import { MAX_LCR_LEGS } from './lcr/select.js';

const oneOrMany = <T extends z.ZodType>(t: T) => z.union([t, z.array(t).min(1)]);

const numberMatcherObject = z.union([
  z.object({ exact: oneOrMany(z.string().min(1)) }).strict(),
  z.object({ prefix: oneOrMany(z.string().min(1)) }).strict(),
  z.object({ in: z.array(z.string().min(1)).min(1) }).strict(),
  z.object({ regex: z.string().min(1).max(500) }).strict(),
  z.object({ pattern: oneOrMany(z.string().regex(/^_/, 'an Asterisk pattern starts with "_"')) }).strict(),
]);
const numberMatcherOne = z.union([z.string().min(1), numberMatcherObject]);
/** "201", "_2XX", {prefix: "0"}, {regex: "^9(\\d+)$"}, or a list of these (any of). */
export const numberMatcherSchema = z
  .union([numberMatcherOne, z.array(numberMatcherOne).min(1)])
  .describe('exact number, Asterisk pattern ("_2XX"), {exact|prefix|in|regex|pattern}, or a list (any of)');

const weekday = z.string().regex(/^(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?$/, 'a weekday like "mon" or a range like "mon-fri"');
export const timeSchema = z
  .object({
    zone: z.string().optional().describe('IANA time zone, e.g. Europe/London (default UTC)'),
    days: z.array(weekday).min(1).optional(),
    between: z.string().regex(/^\d\d:\d\d-\d\d:\d\d$/, 'a window like "08:30-17:30"').optional(),
    dates: z.array(z.string().regex(/^\d{4}-\d\d-\d\d$/, 'a date like "2026-12-25"')).min(1).optional(),
    not: z.boolean().optional().describe('true: the rule matches OUTSIDE this time window'),
  })
  .strict();

const template = z.string().min(1);

/** Longest an answered call may last, enforced by Disconnect (README → Call duration limits). */
const maxDuration = z.number().int().min(1).describe('seconds an answered call may last before firebridge disconnects it');

export const lookupConditionSchema = z
  .object({
    key: template.describe('Redis key under the key prefix, e.g. "did:${called}"'),
    exists: z.boolean().optional(),
    equals: z.string().optional(),
  })
  .strict();

/** Conditions that need live state: evaluated after the static ones, fetched in one batch. */
const liveConditions = {
  registered: template.optional().describe('this number (template) has at least one live registration'),
  unregistered: template.optional().describe('this number (template) has no live registration'),
  lookup: lookupConditionSchema.optional(),
  faxDid: template.optional().describe('this number (template) is an enabled fax DID (`firebridge fax did`)'),
  group: template.optional().describe('a ring group (`firebridge group`) has this name or number (template), e.g. "${called}"'),
  activeCalls: z
    .object({ below: z.union([z.number().int().min(1), z.literal('limit')]) })
    .strict()
    .optional()
    .describe("the caller's active calls are below N, or below the subscriber's own limit ('limit')"),
  fraud: z
    .object({
      class: z.string().min(1).describe('a destination class of the fraud guard (fraud.preset, fraud.classes)'),
      metric: z.enum(FRAUD_METRICS),
      below: z.number().positive(),
    })
    .strict()
    .optional()
    .describe("the caller's fraud-guard counter in this class is below N (subscriber, else CUI, else source address)"),
  time: timeSchema.optional(),
  dnd: z.boolean().optional().describe("true: the dialled number's subscriber is on do-not-disturb; false: it is not (or no subscriber's)"),
  forwarding: z.boolean().optional().describe("true: the dialled number's subscriber forwards every call (`subscriber set --forward`)"),
  calleeFeatures: z.boolean().optional().describe("true: the dialled number's subscriber has any call feature set (README → Call features)"),
};

export const conditionSchema = z.object(liveConditions).strict();

export const matchSchema = z
  .object({
    method: oneOrMany(z.string().min(1)).optional().describe('SIP methods (default INVITE and REFER)'),
    called: numberMatcherSchema.optional(),
    calling: numberMatcherSchema.optional(),
    from: oneOrMany(z.enum(['subscriber', 'local-phone', 'carrier', 'unknown'])).optional(),
    subscriber: oneOrMany(z.string().min(1)).optional().describe('username or realm:username'),
    cui: oneOrMany(z.string().min(1)).optional(),
    carrier: oneOrMany(z.string().min(1)).optional().describe('incoming from this @carrier'),
    firebrick: oneOrMany(z.string().min(1)).optional().describe('RADIUS client name or NAS-Identifier'),
    redirect: z.boolean().optional().describe('true: only 3xx re-route queries; false: never them'),
    ...liveConditions,
  })
  .strict();

/** An LCR table's name: it is part of Redis key names (README → Least-cost routing). */
export const lcrTableName = z.string().regex(LCR_TABLE_NAME, 'a table name: letters, digits, ".", "_" or "-"');

const legTarget = {
  tel: template.optional().describe('ring the registrations of this number'),
  sip: template.optional().describe('a SIP URI'),
  carrier: z.string().min(1).optional().describe('a FireBrick carrier name (without "@")'),
  number: template.optional().describe('with carrier: the number to dial (default: the dialled number)'),
  group: template.optional().describe('ring the members of this ring group (`firebridge group`), by name or by its number, e.g. "${called}"'),
  lcr: z
    .union([
      lcrTableName,
      z
        .object({
          table: lcrTableName,
          number: template.optional().describe('the number looked up and dialled (default "${called}")'),
          max: z.number().int().min(1).max(MAX_LCR_LEGS).optional().describe('most carriers tried, best first'),
        })
        .strict(),
    ])
    .optional()
    .describe('least-cost routing: the carriers of this table (`firebridge lcr import`) for the number, best first, the others as fallbacks'),
  features: template
    .optional()
    .describe("ring this number's subscriber with its call features: forwards, do-not-disturb, follow-me, simultaneous ring (README → Call features)"),
};

export const legSchema = z
  .object({
    ...legTarget,
    delay: z.number().int().min(0).max(999).optional().describe('seconds before this leg starts (cascade ringing)'),
    fallback: z.boolean().optional().describe('start only when every other leg has failed (delay 999, spec §4.2)'),
    cli: template.optional().describe('CLI on this leg; "Anonymous" withholds it'),
    cui: template.optional(),
    when: conditionSchema.optional(),
    maxDuration: maxDuration.optional(),
  })
  .strict()
  .superRefine((leg, ctx) => {
    const targets = (['tel', 'sip', 'carrier', 'group', 'lcr', 'features'] as const).filter((k) => leg[k] !== undefined);
    if (targets.length !== 1) ctx.addIssue({ code: 'custom', message: 'a leg needs exactly one of tel, sip, carrier, group, lcr or features' });
    if (leg.number !== undefined && leg.carrier === undefined) {
      ctx.addIssue({ code: 'custom', path: ['number'], message: '"number" goes with "carrier"' });
    }
    if (leg.fallback && leg.delay !== undefined) ctx.addIssue({ code: 'custom', path: ['fallback'], message: 'use either delay or fallback' });
    // Its carriers after the first are fallbacks already (rules/lcr/select.ts lcrLegs); one more
    // fallback delay on top would pass the FireBrick's 999 s.
    if (leg.fallback && leg.lcr !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['fallback'], message: 'an lcr leg tries its carriers after the first as fallbacks already: use delay to start it later' });
    }
  });

export const ruleSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    match: matchSchema.optional(),
    let: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), template).optional().describe('named Redis lookups: ${lookup.NAME}'),
    route: z.array(legSchema).optional(),
    reject: z.string().min(1).optional().describe('Reply-Message shown in the SIP Warning header'),
    redirect: template.optional().describe('redirect the caller to this URI (SIP-AOR)'),
    cli: template.optional().describe('CLI for every leg unless the leg says otherwise'),
    cui: template.optional(),
    displayName: template.optional(),
    record: template.optional().describe('e-mail address that receives a recording (Filter-Id)'),
    maxDuration: maxDuration.optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const actions = (['route', 'reject', 'redirect'] as const).filter((k) => rule[k] !== undefined);
    if (actions.length !== 1) ctx.addIssue({ code: 'custom', message: 'a rule needs exactly one of route, reject or redirect' });
    if (rule.maxDuration !== undefined && rule.route === undefined) {
      ctx.addIssue({ code: 'custom', path: ['maxDuration'], message: '"maxDuration" goes with "route"' });
    }
  });

export const ruleFileSchema = z
  .object({
    rules: z.array(ruleSchema),
  })
  .strict();

export type NumberMatcherSpecInput = z.output<typeof numberMatcherSchema>;
export type TimeSpec = z.output<typeof timeSchema>;
export type ConditionSpec = z.output<typeof conditionSchema>;
export type MatchSpec = z.output<typeof matchSchema>;
export type LegSpec = z.output<typeof legSchema>;
export type RuleSpec = z.output<typeof ruleSchema>;
export type RuleFile = z.output<typeof ruleFileSchema>;

export function ruleJsonSchema(): unknown {
  return z.toJSONSchema(ruleFileSchema, { target: 'draft-7', unrepresentable: 'any' });
}
