// The request pipeline: what firebridge does with an authenticated, de-duplicated RADIUS request.
// Access-Request: read (firebrick) → classify (firebrick) → authenticate (digest + store) →
// authorise (registrations, rules) → encode (firebrick). Accounting-Request: accounting/.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { readAccessRequest, type FirebrickAccessRequest } from '../firebrick/access-request.js';
import { classify } from '../firebrick/classify.js';
import type { FirebrickClient } from '../firebrick/client.js';
import type { Decision } from '../firebrick/decision.js';
import { encodeDecision, RoutePlanEncodingError } from '../firebrick/encode-decision.js';
import { Code, RateLimitedLog, type HandlerResult, type RadiusRequest } from '../radius/index.js';
import { callStorePolicy, openStore, type Store, type Subscriber } from '../store/index.js';
import { authenticate, challenge, type AuthContext } from './authenticate.js';
import { plural } from '../config/plural.js';
import { formatProblem, SourceError } from '../config/yaml-validation.js';
import { fitsClients, loadRules, noRulesWarning, RuleSetHolder, type EngineOptions, type RoutingFacts, type RuleSet, type RuleSetCheck } from '../rules/index.js';
import { handleAccounting } from '../accounting/index.js';
import { openAccounting } from './accounting.js';
import { callerIdentities, storeFacts } from './facts.js';
import type { Metrics } from './metrics.js';
import { DeadlineExceeded, withDeadline } from './deadline.js';
import { register } from './register.js';
import { callContext, route } from './route.js';
import { RejectMessage } from './reject-messages.js';

/** While the store is down nothing is known: no registrations, no lookups, no active calls. */
const NO_FACTS: RoutingFacts = {
  isRegistered: async () => false,
  lookup: async () => undefined,
  activeCalls: async () => 0,
  isFaxDid: async () => false,
};

function loadFallbackRules(dir: string, check: RuleSetCheck): RuleSet {
  const loaded = loadRules(dir, check);
  if (!loaded.ok) throw new SourceError(loaded.problems);
  return loaded.ruleSet;
}

export interface Pipeline {
  readonly store: Store;
  readonly rules: RuleSetHolder;
  handle(request: RadiusRequest<FirebrickClient>): Promise<HandlerResult>;
  close(): Promise<void>;
}

export interface PipelineOptions {
  /** Use this store instead of opening one from the configuration (tests, embedding). */
  readonly store?: Store;
  readonly now?: () => number;
  readonly metrics?: Metrics;
}

interface Decided {
  readonly decision: Decision;
  readonly subscriber?: Subscriber;
  readonly log?: Record<string, unknown>;
}

export async function createPipeline(config: Config, logger: Logger, options: PipelineOptions = {}): Promise<Pipeline> {
  const warnIfEmpty = (rules: number): void => {
    const warning = noRulesWarning(rules, config.rules.noMatch);
    if (warning) logger.warn({ dir: config.rules.dir }, warning);
  };
  // Rules must fit the clients they serve (rules/client-fit.ts); a reload passes the new client table.
  const fitsTheClients = fitsClients(config.clients);
  const opened = RuleSetHolder.open(
    config.rules.dir,
    (report) => {
      options.metrics?.ruleReloads.inc({ result: report.ok ? 'ok' : 'refused' });
      options.metrics?.rulesLoaded.set(report.rules);
      if (report.ok) {
        logger.info({ rules: report.rules, dir: config.rules.dir }, 'routing rules reloaded');
        warnIfEmpty(report.rules);
      } else logger.error({ problems: report.problems.map(formatProblem) }, 'routing rules refused; the previous rules keep serving');
    },
    fitsTheClients,
  );
  if (!opened.ok) throw new SourceError(opened.problems);
  const rules = opened.holder;
  if (config.rules.watch) rules.watch();
  options.metrics?.rulesLoaded.set(rules.current.rules.length);
  logger.info({ rules: rules.current.rules.length, files: rules.current.files.length, dir: config.rules.dir }, 'routing rules loaded');
  warnIfEmpty(rules.current.rules.length);

  const store =
    options.store ??
    (await openStore(
      {
        ...config.redis,
        calls: callStorePolicy(config.accounting),
        ownAccountingConnection: config.accounting.durability === 'replicated',
      },
      logger,
    ));
  let accounting;
  try {
    accounting = openAccounting(config, store, logger, options.metrics);
  } catch (err) {
    rules.unwatch();
    await store.close();
    throw err;
  }
  const ctx: AuthContext = {
    config,
    store,
    now: options.now ?? Date.now,
    onLockout: (subject, reason) =>
      logger.warn(
        { lockout: subject.scope, who: subject.id, after: subject.maxFailures, lastFailure: reason, seconds: config.guard.lockoutSeconds },
        `locked out ${subject.scope} ${subject.id} after ${plural(subject.maxFailures, 'failed attempt')}`,
      ),
  };
  const facts = storeFacts(store);
  // While Redis is down every request fails the same way: each still gets its own request line (with
  // outcome store-unavailable) and is counted, but the error itself is logged at most 10 times per 10 s.
  const storeErrorLog = new RateLimitedLog(logger);
  const engineOptions: EngineOptions = { noMatch: config.rules.noMatch, trace: false };

  async function authorise(
    radius: RadiusRequest<FirebrickClient>,
    request: FirebrickAccessRequest,
    subscriber: Subscriber | undefined,
    rspauth: string | undefined,
  ): Promise<Decided> {
    const auth = rspauth !== undefined ? { digestResponseAuth: rspauth } : {};
    const who = subscriber ? { subscriber } : {};
    switch (request.method?.toUpperCase()) {
      case 'REGISTER': {
        const { decision, log } = await register(config, store, radius.client, request, subscriber, ctx.now(), rspauth);
        return { decision, log, ...who };
      }
      case 'INVITE':
      case 'REFER': {
        const ctxCall = callContext(radius.client, request, subscriber, new Date(ctx.now()));
        const { decision, log } = await route(rules.current, facts, engineOptions, ctxCall, rspauth);
        if (decision.kind === 'route-accept' && request.callId) {
          // Lets this call's accounting legs count against the caller (concurrent-call limits). Not
          // awaited: the legs' Accounting-Start comes seconds later, and the FireBrick is waiting now.
          const ids = callerIdentities(ctxCall.source);
          const callId = request.callId;
          if (ids.length) {
            store.calls.noteCaller(callId, ids, config.accounting.staleLegHours * 3600_000).catch((err: unknown) => {
              options.metrics?.storeErrors.inc({ kind: 'access' });
              logger.warn({ err: (err as Error).message, callId }, 'cannot note the caller of a call: its legs will not count against the caller');
            });
          }
        }
        return { decision, log, ...who };
      }
      default:
        return { decision: { kind: 'accept', ...auth }, ...who };
    }
  }

  async function decide(radius: RadiusRequest<FirebrickClient>, request: FirebrickAccessRequest): Promise<Decided> {
    const kind = classify(request);
    switch (kind.kind) {
      case 'not-voip':
        return { decision: { kind: 'reject', reason: 'not-voip', message: RejectMessage.notVoip } };
      case 'pre-challenge':
        return { decision: await challenge(ctx) };
      case 'carrier': {
        const decided = await authorise(radius, request, undefined, undefined);
        return { ...decided, log: { ...decided.log, carrier: kind.carrier } };
      }
      case 'local-phone': {
        const subscriber = await store.subscribers.getByCui(kind.accountKey.by === 'cui' ? kind.accountKey.cui : '');
        if (subscriber && !subscriber.enabled) return { decision: { kind: 'reject', reason: 'disabled', message: RejectMessage.disabled } };
        return authorise(radius, request, subscriber, undefined);
      }
      case 'digest': {
        const outcome = await authenticate(ctx, request, kind.accountKey);
        if (outcome.kind === 'decided') return { decision: outcome.decision };
        return authorise(radius, request, outcome.subscriber, outcome.rspauth);
      }
    }
  }

  // Redis failed (spec §7, issue 7): the configured policy decides, never an unverified accept.
  const fallbackRules = config.redis.failurePolicy === 'static' && config.redis.fallbackRulesDir ? loadFallbackRules(config.redis.fallbackRulesDir, fitsTheClients) : undefined;
  async function onStoreFailure(radius: RadiusRequest<FirebrickClient>, request: FirebrickAccessRequest): Promise<Decided | undefined> {
    switch (config.redis.failurePolicy) {
      case 'drop':
        return undefined;
      case 'reject':
        return { decision: { kind: 'reject', reason: 'store-unavailable', message: RejectMessage.storeUnavailable } };
      case 'static': {
        const kind = classify(request).kind;
        const method = request.method?.toUpperCase();
        if (!fallbackRules || (kind !== 'carrier' && kind !== 'local-phone') || (method !== 'INVITE' && method !== 'REFER')) return undefined;
        const call = callContext(radius.client, request, undefined, new Date(ctx.now()));
        const { decision, log } = await route(fallbackRules, NO_FACTS, engineOptions, call, undefined);
        return { decision, log: { ...log, fallback: true } };
      }
    }
  }

  async function handleAccess(radius: RadiusRequest<FirebrickClient>): Promise<HandlerResult> {
    const arrivedAt = Date.now();
    const request = readAccessRequest(radius.attributes, radius.client.name);
    let decided: Decided;
    try {
      decided = await withDeadline(decide(radius, request), config.redis.commandTimeoutMs, arrivedAt);
    } catch (err) {
      options.metrics?.storeErrors.inc({ kind: err instanceof DeadlineExceeded ? 'access-deadline' : 'access' });
      storeErrorLog.error('access', { err: (err as Error).message, client: radius.client.name, policy: config.redis.failurePolicy }, 'cannot decide: store unavailable');
      const fallback = await onStoreFailure(radius, request);
      if (!fallback) return { silent: true, outcome: 'store-unavailable' };
      decided = fallback;
    }
    let { decision } = decided;
    let encoded;
    let encodingError: string | undefined;
    try {
      encoded = encodeDecision(decision, {
        profile: radius.client.profile,
        requestSipAorAttribute: request.sipAorAttribute,
        callerCli: request.callingStationId,
        callerCui: request.chargeableUserIdentity,
      });
    } catch (err) {
      if (!(err instanceof RoutePlanEncodingError)) throw err;
      logger.error({ err: err.message, client: radius.client.name }, 'route plan cannot be encoded');
      // What is sent is a reject, so the outcome, the log and the metrics say so too.
      decision = { kind: 'reject', reason: 'route-encoding', message: RejectMessage.routingError };
      encodingError = err.message;
      encoded = encodeDecision(decision, {
        profile: radius.client.profile,
        requestSipAorAttribute: undefined,
        callerCli: undefined,
        callerCui: undefined,
      });
    }
    const outcome = decision.kind === 'reject' ? `reject:${decision.reason}` : decision.kind === 'challenge' && decision.stale ? 'challenge:stale' : decision.kind;
    return {
      ...encoded,
      outcome,
      log: {
        method: request.method,
        ...(decided.subscriber ? { subscriber: `${decided.subscriber.username}@${decided.subscriber.realm}` } : {}),
        ...(decision.kind === 'reject' ? { reason: decision.reason } : {}),
        ...(encodingError !== undefined ? { encodingError } : {}),
        ...decided.log,
      },
    };
  }

  return {
    store,
    rules,
    async handle(radius) {
      if (radius.packet.code === Code.AccessRequest) return handleAccess(radius);
      try {
        return await handleAccounting(accounting.keeper, radius.attributes, { name: radius.client.name, source: radius.remote.address }, ctx.now());
      } catch (err) {
        // Not stored, so not acknowledged: the FireBrick retries (RFC 2866 §2).
        options.metrics?.storeErrors.inc({ kind: 'accounting' });
        storeErrorLog.error('accounting', { err: (err as Error).message, client: radius.client.name }, 'cannot store accounting');
        return { silent: true, outcome: 'acct:store-unavailable' };
      }
    },
    close: async () => {
      rules.unwatch();
      await accounting.close();
      await store.close();
    },
  };
}
