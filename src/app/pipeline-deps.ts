// What the steps of the request pipeline work with, built once by createPipeline (pipeline.ts) and
// passed to each step explicitly: no step reaches for anything it is not given.
import type { Logger } from 'pino';
import type { AccountingKeeper } from '../accounting/index.js';
import { plural } from '../text/plural.js';
import type { Config } from '../config/schema.js';
import type { FaxbackDictionary } from '../faxback/index.js';
import { RateLimitedLog } from '../radius/index.js';
import type { EngineOptions, RoutingFacts, RuleSet, RuleSetHolder } from '../rules/index.js';
import type { GuardSubject, Store } from '../store/index.js';
import { storeFacts } from './facts.js';
import { AlertSender } from './fraud/alerts.js';
import type { Metrics } from './metrics.js';
import type { RequestTrace } from './trace/capture.js';

export interface PipelineDeps {
  readonly config: Config;
  /** The clients configured now: SIGHUP replaces `config.clients` here (Disconnect-Requests go by it). */
  readonly clients: () => Config['clients'];
  readonly store: Store;
  /** The serving rule set; `.current` is read per request, so a reload takes effect at once. */
  readonly rules: RuleSetHolder;
  /** The rule engine's view of live state, served by the store. */
  readonly facts: RoutingFacts;
  readonly engineOptions: EngineOptions;
  /** Rules for redis.failurePolicy `static`; undefined under the other policies. */
  readonly fallbackRules: RuleSet | undefined;
  /** Told when a failure starts a lockout (firebrick/authenticate.ts): operators want that line on its own. */
  readonly onLockout: (subject: GuardSubject, reason: string) => void;
  readonly keeper: AccountingKeeper;
  /** The FaxBack attribute numbers in force: built in, with faxback.dictionary over them. */
  readonly faxbackDictionary: FaxbackDictionary;
  readonly logger: Logger;
  /**
   * Per-request errors, by key. While Redis is down every request fails the same way: each still
   * gets its own request line (with outcome store-unavailable) and is counted, but the error itself
   * is logged at most 10 times per 10 s. A defect every request meets is held to the same.
   */
  readonly errorLog: RateLimitedLog;
  readonly metrics: Metrics | undefined;
  readonly now: () => number;
  /** Where fraud alerts go (fraud.webhook); undefined when none is configured. */
  readonly fraudAlerts: AlertSender | undefined;
  /** This request's live trace, present only while someone watches (trace/tracer.ts). */
  readonly trace?: RequestTrace;
}

export interface PipelineParts {
  readonly config: Config;
  /** The clients configured now: SIGHUP replaces `config.clients` here (Disconnect-Requests go by it). */
  readonly clients: () => Config['clients'];
  readonly store: Store;
  readonly rules: RuleSetHolder;
  readonly fallbackRules: RuleSet | undefined;
  readonly keeper: AccountingKeeper;
  readonly faxbackDictionary: FaxbackDictionary;
  readonly logger: Logger;
  readonly metrics: Metrics | undefined;
  readonly now: () => number;
}

export function pipelineDeps(parts: PipelineParts): PipelineDeps {
  const { config, store, logger } = parts;
  return {
    ...parts,
    facts: storeFacts(store),
    engineOptions: { noMatch: config.rules.noMatch, trace: false },
    onLockout: (subject, reason) =>
      logger.warn(
        { lockout: subject.scope, who: subject.id, after: subject.maxFailures, lastFailure: reason, seconds: config.guard.lockoutSeconds },
        `locked out ${subject.scope} ${subject.id} after ${plural(subject.maxFailures, 'failed attempt')}`,
      ),
    errorLog: new RateLimitedLog(logger),
    fraudAlerts: fraudAlertSender(parts),
  };
}

function fraudAlertSender({ config, logger, metrics }: PipelineParts): AlertSender | undefined {
  const webhook = config.fraud.webhook;
  if (!webhook) return undefined;
  return new AlertSender({ ...webhook, logger, onResult: (result) => metrics?.fraudAlerts.inc({ result }) });
}
