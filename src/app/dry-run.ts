// `firebridge route`: evaluates a made-up call against live state, exactly as the server would, and
// shows which rule matched, why earlier ones did not, and the attributes that would be sent.
import { firebrickClients, type Config } from '../config/schema.js';
import { SourceError } from '../text/yaml-validation.js';
import type { Decision } from '../firebrick/decision.js';
import { encodeDecision, RoutePlanEncodingError } from '../firebrick/encode-decision.js';
import { callerKey } from '../firebrick/caller.js';
import { DEFAULT_PROFILE } from '../firebrick/profile.js';
import { attributeName, codeName } from '../radius/index.js';
import { evaluate, loadRules, type CallSource } from '../rules/index.js';
import { rulesFit } from './open-rules.js';
import type { Store, Subscriber } from '../store/index.js';
import { storeFacts } from './facts.js';
import { checkCli } from './firebrick/cli-policy.js';
import { callSource } from './firebrick/route.js';
import { callLimitSeconds } from './firebrick/call-limit.js';
import { featureCodeChange } from './firebrick/feature-code.js';
import { changedFields } from '../store/index.js';
import { featuresToHash } from '../store/features-codec.js';

export interface DryRunOptions {
  readonly to: string;
  readonly from?: string;
  readonly user?: string;
  readonly carrier?: string;
  readonly cui?: string;
  readonly method: string;
  readonly client?: string;
  readonly nasIdentifier?: string;
  readonly at?: string;
  readonly rules?: string;
}

/** A dry run asked about something that is not there (a subscriber) or not a time: the asker's to fix. */
export class DryRunError extends Error {
  override name = 'DryRunError';
}

export interface DryRunReport {
  readonly text: string;
  readonly json: Record<string, unknown>;
}

async function sourceFor(config: Config, store: Store, o: DryRunOptions): Promise<{ source: CallSource; subscriber?: Subscriber }> {
  if (o.carrier) return { source: { kind: 'carrier', carrier: o.carrier.replace(/^@/, '') } };
  let subscriber: Subscriber | undefined;
  if (o.cui) subscriber = await store.subscribers.getByCui(o.cui);
  else if (o.user) {
    const sep = o.user.lastIndexOf(':');
    const [realm, username] = sep > 0 ? [o.user.slice(0, sep), o.user.slice(sep + 1)] : [config.digest.realm, o.user];
    subscriber = await store.subscribers.get(realm, username);
    if (!subscriber) throw new DryRunError(`no subscriber ${username} in realm ${realm}`);
  }
  const source = callSource(callerKey({ cui: o.cui }), subscriber);
  return { source, ...(subscriber ? { subscriber } : {}) };
}

export async function routeDryRun(config: Config, store: Store, o: DryRunOptions): Promise<DryRunReport> {
  // Checked against every configured client, as the server does: a set it would refuse is refused here.
  const loaded = loadRules(o.rules ?? config.rules.dir, rulesFit(config));
  if (!loaded.ok) throw new SourceError(loaded.problems);
  const at = o.at ? new Date(o.at) : new Date();
  if (Number.isNaN(at.getTime())) throw new DryRunError(`--at ${o.at}: not a date/time (use ISO 8601, e.g. 2026-11-22T09:00)`);
  const firebricks = firebrickClients(config.clients);
  const client = firebricks.find((c) => c.name === o.client) ?? firebricks[0];
  const { source, subscriber } = await sourceFor(config, store, o);
  const ctx = {
    method: o.method.toUpperCase(),
    called: o.to,
    calling: o.from,
    source,
    firebrick: { client: o.client ?? client?.name ?? '(none)', nasIdentifier: o.nasIdentifier, routingModel: client?.firebrick.routingModel ?? DEFAULT_PROFILE.routingModel },
    at,
  };
  // A feature code is answered before the rules (app/firebrick/feature-code.ts): shown, not written.
  const dialledCode = ctx.method === 'INVITE' ? await featureCodeChange(store, client?.firebrick.featureCodes, subscriber, o.to) : undefined;
  if (dialledCode) return featureCodeReport(ctx, source.kind, dialledCode);
  const evaluation = await evaluate(loaded.ruleSet, ctx, storeFacts(store, { dryRun: true }), { noMatch: config.rules.noMatch });
  const routed: Decision =
    evaluation.decision.kind === 'reject'
      ? { kind: 'reject', reason: 'rule', message: evaluation.decision.message }
      : { kind: 'route-accept', plan: evaluation.decision.plan };
  // The client's caller-ID policy, as the server applies it (firebrick/cli-policy.ts).
  const checked = checkCli(client?.firebrick.cliPolicy, ctx, subscriber, { decision: routed, log: {} }, config.fraud.emergency);
  const { decision } = checked;
  const cliPolicy = checked.log.cliPolicy as string | undefined;
  let attributes: Array<[string, string]> = [];
  let code = '';
  let encodingError: string | undefined;
  try {
    const encoded = encodeDecision(decision, {
      profile: client?.firebrick ?? DEFAULT_PROFILE,
      requestSipAorAttribute: undefined,
      callerCli: o.from,
      callerCui: o.cui,
    });
    code = codeName(encoded.code);
    attributes = encoded.attributes.map(([type, value]) => [attributeName(type), Buffer.isBuffer(value) ? value.toString('hex') : String(value)]);
  } catch (err) {
    if (!(err instanceof RoutePlanEncodingError)) throw err;
    encodingError = err.message;
  }

  const lines: string[] = [];
  lines.push(`call: ${ctx.method} from ${o.from ?? '(no CLI)'} to ${o.to}, source ${source.kind}, FireBrick ${ctx.firebrick.client}, at ${at.toISOString()}`);
  for (const t of evaluation.trace) {
    lines.push(`  ${t.matched ? 'MATCH' : 'skip '} ${t.rule} (${t.at})${t.notes.length ? `: ${t.notes.join('; ')}` : ''}`);
  }
  if (!evaluation.rule) lines.push(`  no rule matched: rules.noMatch is "${config.rules.noMatch}"`);
  if (cliPolicy) lines.push(`  caller ID policy: ${cliPolicy}${checked.log.cli !== undefined ? ` (${String(checked.log.cli)})` : ''}`);
  if (encodingError) lines.push(`cannot encode the route plan: ${encodingError}`);
  else {
    lines.push(`reply: ${code}`);
    for (const [name, value] of attributes) lines.push(`  ${name} = "${value}"`);
  }
  const maxDuration =
    evaluation.decision.kind === 'route'
      ? callLimitSeconds({ rule: evaluation.decision.maxDurationSeconds, subscriber: subscriber?.maxDuration, default: config.limits.maxCallSeconds })
      : undefined;
  if (maxDuration !== undefined) lines.push(`duration limit: ${maxDuration} s once answered, then Disconnect-Request (not sent in the reply)`);
  return {
    text: `${lines.join('\n')}\n`,
    json: {
      call: { ...ctx, at: at.toISOString() },
      rule: evaluation.rule ?? null,
      trace: evaluation.trace,
      decision: evaluation.decision,
      cliPolicy: cliPolicy ?? null,
      reply: encodingError ? { error: encodingError } : { code, attributes },
      maxDuration: maxDuration ?? null,
    },
  };
}

function featureCodeReport(
  ctx: { method: string; called: string; calling: string | undefined; firebrick: { client: string }; at: Date },
  sourceKind: string,
  code: NonNullable<Awaited<ReturnType<typeof featureCodeChange>>>,
): DryRunReport {
  const changed = changedFields(featuresToHash(code.before.features), featuresToHash(code.after.features));
  const show = (r: Record<string, unknown>) => Object.entries(r).map(([k, v]) => `${k}=${String(v)}`).join(' ') || '-';
  const lines = [
    `call: ${ctx.method} from ${ctx.calling ?? '(no CLI)'} to ${ctx.called}, source ${sourceKind}, FireBrick ${ctx.firebrick.client}, at ${ctx.at.toISOString()}`,
    `  feature code ${code.code.code} (${code.code.action}) of ${code.before.username}@${code.before.realm}: ${show(changed.before)} -> ${show(changed.after)} (not written by a dry run)`,
    'reply: Access-Reject',
    `  Reply-Message = "${code.message}"`,
  ];
  return {
    text: `${lines.join('\n')}\n`,
    json: {
      call: { ...ctx, at: ctx.at.toISOString() },
      featureCode: { ...code.code, ...changed },
      rule: null,
      trace: [],
      reply: { code: 'Access-Reject', attributes: [['Reply-Message', code.message]] },
    },
  };
}
