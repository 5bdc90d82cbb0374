// The `fraud` section of the configuration (README → Fraud guard): destination classes, thresholds
// per subject kind and class, and the alert webhook. Off (no thresholds) unless configured.
import { z } from 'zod';
import { FRAUD_METRICS, FRAUD_PRESETS, SUBJECT_KINDS, type DestinationClass, type FraudThresholds } from '../rules/fraud/index.js';

const prefix = z.string().regex(/^\+?[0-9*#]+$/, 'a prefix is digits, optionally after "+"');
const className = z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and "-"');

const destinationClass = z
  .object({
    prefixes: z.array(prefix).min(1),
    /** Numbers with one of these (longer) prefixes are not in the class. */
    except: z.array(prefix).default([]),
  })
  .strict();

const limit = z.number().positive();
const levels = z
  .object({ warn: limit.optional(), block: limit.optional() })
  .strict()
  .superRefine((l, ctx) => {
    if (l.warn === undefined && l.block === undefined) ctx.addIssue({ code: 'custom', message: 'give warn, block or both' });
    if (l.warn !== undefined && l.block !== undefined && l.block < l.warn) {
      ctx.addIssue({ code: 'custom', path: ['block'], message: `block (${l.block}) must not be below warn (${l.warn})` });
    }
  });

const metricThresholds = z.object(Object.fromEntries(FRAUD_METRICS.map((m) => [m, levels.optional()])) as Record<(typeof FRAUD_METRICS)[number], z.ZodOptional<typeof levels>>).strict();
const subjectThresholds = z.object(Object.fromEntries(SUBJECT_KINDS.map((k) => [k, metricThresholds.optional()])) as Record<(typeof SUBJECT_KINDS)[number], z.ZodOptional<typeof metricThresholds>>).strict();

export const DEFAULT_WEBHOOK = { timeoutMs: 5_000, retries: 5, firstRetryMs: 1_000, queue: 1_000 };

const webhook = z
  .object({
    url: z.string().regex(/^https?:\/\//, 'an http:// or https:// URL'),
    /** HMAC-SHA256 key of the X-Firebridge-Signature header. */
    secret: z.string().min(16, 'at least 16 characters'),
    timeoutMs: z.number().int().positive().default(DEFAULT_WEBHOOK.timeoutMs),
    /** Attempts after the first, with exponential back-off (firstRetryMs, then twice that, …). */
    retries: z.number().int().min(0).max(20).default(DEFAULT_WEBHOOK.retries),
    firstRetryMs: z.number().int().positive().default(DEFAULT_WEBHOOK.firstRetryMs),
    /** Alerts waiting to be sent; past it the oldest are dropped (and counted). */
    queue: z.number().int().min(1).default(DEFAULT_WEBHOOK.queue),
  })
  .strict();


export const fraudSchema = z
  .object({
    /** Built-in destination classes (uk: Ofcom's numbering plan); `classes` adds to them and overrides them by name. */
    preset: z.enum(Object.keys(FRAUD_PRESETS) as [keyof typeof FRAUD_PRESETS]).optional(),
    classes: z.record(className, destinationClass).default({}),
    /** Emergency numbers besides 999 and 112, which are always emergency: never classed, never refused. */
    emergency: z.array(z.string().regex(/^[0-9]+$/, 'digits only')).default([]),
    thresholds: z.record(z.string(), subjectThresholds).default({}),
    /** An answered call shorter than this is a short call (the shortCalls metric). */
    shortCallSeconds: z.number().int().min(1).default(10),
    /** How long a subject stays blocked in a class once it reached a block level (`firebridge fraud clear` ends it). */
    blockMinutes: z.number().positive().default(60),
    /** When a block is set, also disconnect the subject's live legs to numbers of the blocked class. */
    hangupOnBlock: z.boolean().default(false),
    webhook: webhook.optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    const known = new Set([...(f.preset ? FRAUD_PRESETS[f.preset].map((c) => c.name) : []), ...Object.keys(f.classes)]);
    for (const name of Object.keys(f.thresholds)) {
      if (!known.has(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['thresholds', name],
          message: `unknown destination class "${name}" (${known.size ? `known: ${[...known].join(', ')}` : 'set fraud.preset or fraud.classes'})`,
        });
      }
    }
  });

export type FraudConfig = z.output<typeof fraudSchema>;

const resolved = new WeakMap<FraudConfig, readonly DestinationClass[]>();

/**
 * The destination classes in force: the preset's, with `classes` added and overriding by name.
 * Worked out once per configuration (the configuration itself stays as written, so it re-parses).
 */
export function fraudDestinations(f: FraudConfig): readonly DestinationClass[] {
  let classes = resolved.get(f);
  if (!classes) {
    const byName = new Map<string, DestinationClass>();
    for (const c of f.preset ? FRAUD_PRESETS[f.preset] : []) byName.set(c.name, c);
    for (const [name, c] of Object.entries(f.classes)) byName.set(name, { name, prefixes: c.prefixes, except: c.except });
    classes = [...byName.values()];
    resolved.set(f, classes);
  }
  return classes;
}

const thresholded = new WeakMap<FraudConfig, boolean>();

/** Whether any threshold is set: asked of every INVITE and accounting request, so worked out once per configuration. */
export function fraudHasThresholds(f: FraudConfig): boolean {
  let has = thresholded.get(f);
  if (has === undefined) thresholded.set(f, (has = Object.keys(f.thresholds).length > 0));
  return has;
}

/** `fraud.thresholds` as the guard reads it. */
export function fraudThresholds(f: FraudConfig): FraudThresholds {
  return f.thresholds;
}
