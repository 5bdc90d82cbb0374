// The request pipeline: what firebridge does with an authenticated, de-duplicated RADIUS request.
// This file composes it — rules, store, accounting — and dispatches each request, by the kind of
// client that sent it (clients.ts) and then by its code, to the steps of that client's dialect:
// FireBrick Access-Request: read → classify → authenticate → authorise → encode (firebrick/answer-access.ts);
// FireBrick Accounting-Request: accounting/ (firebrick/answer-accounting.ts);
// FaxBack Access-Request: read → look up → decide → encode (faxback/answer-access.ts);
// FaxBack Accounting-Request: accounting/fax.ts (faxback/answer-accounting.ts).
// While someone watches the live trace, each request goes through trace/tracer.ts first.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { FirebrickClient } from '../firebrick/client.js';
import { Code, type HandlerResult, type RadiusRequest } from '../radius/index.js';
import { callStorePolicy, openStore, type Store } from '../store/index.js';
import type { RuleSetHolder } from '../rules/index.js';
import { openAccounting, type Accounting } from './accounting.js';
import { byClientKind, type ServedClient } from './clients.js';
import { answerAccessRequest } from './firebrick/answer-access.js';
import { answerAccountingRequest } from './firebrick/answer-accounting.js';
import { answerFaxbackAccess } from './faxback/answer-access.js';
import { answerFaxbackAccounting } from './faxback/answer-accounting.js';
import { openFaxbackDictionary } from './faxback/dictionary.js';
import type { FaxbackClient } from '../faxback/client.js';
import type { FaxbackDictionary } from '../faxback/index.js';
import type { Metrics } from './metrics.js';
import { loadFallbackRules, openRules } from './open-rules.js';
import { pipelineDeps, type PipelineDeps } from './pipeline-deps.js';
import { Tracer } from './trace/tracer.js';

export interface Pipeline {
  readonly store: Store;
  readonly rules: RuleSetHolder;
  /** The FaxBack dictionary in force (read at start; a reload keeps it). */
  readonly faxbackDictionary: FaxbackDictionary;
  /** The live trace: who watches (README → Live trace). */
  readonly tracer: Tracer;
  /** SIGHUP's new client table, for the steps that address clients themselves (Disconnect). */
  setClients(clients: Config['clients']): void;
  handle(request: RadiusRequest<ServedClient>): Promise<HandlerResult>;
  close(): Promise<void>;
}

export interface PipelineOptions {
  /** Use this store instead of opening one from the configuration (tests, embedding). */
  readonly store?: Store;
  readonly now?: () => number;
  readonly metrics?: Metrics;
}

function openConfiguredStore(config: Config, logger: Logger): Promise<Store> {
  return openStore(
    {
      ...config.redis,
      calls: callStorePolicy(config.accounting),
      ownAccountingConnection: config.accounting.durability === 'replicated',
    },
    logger,
  );
}

/** A FireBrick's request, by its code: the server passes only Access- and Accounting-Requests on. */
function answerFirebrick(deps: PipelineDeps, radius: RadiusRequest<FirebrickClient>): Promise<HandlerResult> {
  return radius.packet.code === Code.AccessRequest ? answerAccessRequest(deps, radius) : answerAccountingRequest(deps, radius);
}

/** A FaxBack port server's request, by its code (FaxBack spec §2 Access, §4 Accounting). */
function answerFaxback(deps: PipelineDeps, radius: RadiusRequest<FaxbackClient>): Promise<HandlerResult> {
  return radius.packet.code === Code.AccessRequest ? answerFaxbackAccess(deps, radius) : answerFaxbackAccounting(deps, radius);
}

function answer(deps: PipelineDeps, radius: RadiusRequest<ServedClient>): Promise<HandlerResult> {
  const served = byClientKind(radius);
  switch (served.kind) {
    case 'firebrick':
      return answerFirebrick(deps, served.request);
    case 'faxback':
      return answerFaxback(deps, served.request);
  }
}

export async function createPipeline(config: Config, logger: Logger, options: PipelineOptions = {}): Promise<Pipeline> {
  const { holder: rules, fitsTheConfig } = openRules(config, logger, options.metrics);
  // Everything read from files before the store opens, so a bad file leaves nothing to close but the watch.
  let fallbackRules, faxbackDictionary;
  try {
    fallbackRules = loadFallbackRules(config, fitsTheConfig);
    faxbackDictionary = openFaxbackDictionary(config, logger);
  } catch (err) {
    rules.unwatch();
    throw err;
  }
  const store = options.store ?? (await openConfiguredStore(config, logger));
  let accounting: Accounting;
  try {
    accounting = openAccounting(config, store, logger, options.metrics);
  } catch (err) {
    rules.unwatch();
    await store.close();
    throw err;
  }
  let clients = config.clients;
  const deps = pipelineDeps({
    config,
    clients: () => clients,
    store,
    rules,
    fallbackRules,
    keeper: accounting.keeper,
    faxbackDictionary,
    logger,
    metrics: options.metrics,
    now: options.now ?? Date.now,
  });
  // Watchers' lifetimes are wall-clock time across processes, not the pipeline's (tests move that).
  const tracer = new Tracer(store.trace, logger, Date.now);
  tracer.start();
  return {
    store,
    rules,
    faxbackDictionary,
    tracer,
    setClients: (next) => {
      clients = next;
    },
    // Nobody watching: straight on, at the cost of one look at an empty list.
    handle: (radius) => (tracer.watching ? tracer.handle(radius, (trace) => answer({ ...deps, trace }, radius)) : answer(deps, radius)),
    close: async () => {
      rules.unwatch();
      await tracer.stop();
      deps.fraudAlerts?.close();
      await accounting.close();
      await store.close();
    },
  };
}
