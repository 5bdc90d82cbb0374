// The routing rules the pipeline serves: loaded at start, reloaded on file change or SIGHUP (kept as
// they are when a reload is refused), and checked against the clients they serve (rules/client-fit.ts).
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { formatProblem, SourceError } from '../text/yaml-validation.js';
import { fraudDestinations } from '../config/fraud.js';
import { fraudReadProblems } from '../rules/fraud/index.js';
import { fitsClients, loadRules, noRulesWarning, RuleSetHolder, type RuleSet, type RuleSetCheck } from '../rules/index.js';
import type { Metrics } from './metrics.js';

export interface OpenedRules {
  readonly holder: RuleSetHolder;
  /** The check every load of these rules passes (rulesFit). */
  readonly fitsTheConfig: RuleSetCheck;
}

/**
 * What a rule set must fit to be served, checked at every load: the clients it routes for
 * (rules/client-fit.ts) and the fraud guard's destination classes its `fraud:` conditions name.
 */
export function rulesFit(config: Pick<Config, 'clients' | 'fraud'>): RuleSetCheck {
  const clients = fitsClients(config.clients);
  const classes = fraudDestinations(config.fraud).map((c) => c.name);
  return (ruleSet) => [...clients(ruleSet), ...fraudReadProblems(ruleSet, classes)];
}

/** Throws SourceError when the rules do not load: firebridge does not start without them. */
export function openRules(config: Config, logger: Logger, metrics: Metrics | undefined): OpenedRules {
  const warnIfEmpty = (rules: number): void => {
    const warning = noRulesWarning(rules, config.rules.noMatch);
    if (warning) logger.warn({ dir: config.rules.dir }, warning);
  };
  // A reload passes the new client table; this check serves the start and reloads on file change.
  const fitsTheConfig = rulesFit(config);
  const opened = RuleSetHolder.open(
    config.rules.dir,
    (report) => {
      metrics?.ruleReloads.inc({ result: report.ok ? 'ok' : 'refused' });
      metrics?.rulesLoaded.set(report.rules);
      if (report.ok) {
        logger.info({ rules: report.rules, dir: config.rules.dir }, 'routing rules reloaded');
        warnIfEmpty(report.rules);
      } else logger.error({ problems: report.problems.map(formatProblem) }, 'routing rules refused; the previous rules keep serving');
    },
    fitsTheConfig,
  );
  if (!opened.ok) throw new SourceError(opened.problems);
  const holder = opened.holder;
  if (config.rules.watch) holder.watch();
  metrics?.rulesLoaded.set(holder.current.rules.length);
  logger.info({ rules: holder.current.rules.length, files: holder.current.files.length, dir: config.rules.dir }, 'routing rules loaded');
  warnIfEmpty(holder.current.rules.length);
  return { holder, fitsTheConfig };
}

/** The rules of redis.failurePolicy `static` (spec §7), read once at start; none under other policies. */
export function loadFallbackRules(config: Config, check: RuleSetCheck): RuleSet | undefined {
  const dir = config.redis.fallbackRulesDir;
  if (config.redis.failurePolicy !== 'static' || !dir) return undefined;
  const loaded = loadRules(dir, check);
  if (!loaded.ok) throw new SourceError(loaded.problems);
  return loaded.ruleSet;
}
