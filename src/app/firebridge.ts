// The composition root: builds the layers from a validated Config and runs them. Commands and
// tests start firebridge through here, so what is tested is what runs.
import type { Logger } from 'pino';
import { firebrickClients, type Config } from '../config/schema.js';
import type { Server } from 'node:http';
import { combineStats, RadiusServer, type BoundPorts, type RadiusStats, type RequestHandler } from '../radius/index.js';
import { requestLineWriter } from './logger.js';
import { Metrics, startMetricsServer } from './metrics.js';
import { toServedClients, type ServedClient } from './clients.js';
import { portServerProblems } from './faxback/dictionary.js';
import { startDurationCuts, type CutOutcome, type DurationCuts } from './duration-cuts.js';
import { rulesFit } from './open-rules.js';
import { createPipeline, type Pipeline, type PipelineOptions } from './pipeline.js';
import { startRecordTrimming, type RecordTrimming } from './record-trimming.js';
import { recordConsumerGroups, startServerSink, type ServerSink } from './record-sink.js';

export interface FirebridgeOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** The configuration file read (or "built-in defaults"), named in the start log line. */
  readonly configFile?: string;
  readonly stats?: RadiusStats;
  /** Replaces the request pipeline (tests of the wire core). */
  readonly handler?: RequestHandler<ServedClient>;
  /** Passed to the pipeline: a ready store (tests), a clock. */
  readonly pipelineOptions?: PipelineOptions;
}

export interface RunningFirebridge {
  readonly ports: BoundPorts;
  readonly radius: RadiusServer<ServedClient>;
  /** Absent when a test replaced the pipeline with its own handler. */
  readonly pipeline: Pipeline | undefined;
  /**
   * SIGHUP: new client table, and the rules re-read and checked against it (kept as they are when
   * refused). Throws, changing nothing, when a FaxBack client's settings need an unnumbered attribute.
   */
  reload(config: Config): void;
  /** One call-record trimming pass now (it also runs every few seconds); absent with a test handler. */
  trimRecords(): Promise<void>;
  /**
   * One duration-limit sweep now (it also runs every limits.sweepIntervalMs): resolves once each leg
   * it took is cut or its cut has failed; empty with a test handler.
   */
  sweepLimits(): Promise<CutOutcome[]>;
  /** The bound metrics port, when metrics are on. */
  metricsPort(): number | undefined;
  stop(): Promise<void>;
}

export async function startFirebridge(options: FirebridgeOptions): Promise<RunningFirebridge> {
  const { config, logger } = options;
  let metrics: Metrics | undefined;
  let pipeline: Pipeline | undefined;
  let trimming: RecordTrimming | undefined;
  let sink: ServerSink | undefined;
  let cuts: DurationCuts | undefined;
  let clients = config.clients;
  if (!options.handler) {
    let storeRef: Pipeline['store'] | undefined;
    metrics = config.metrics.enabled
      ? new Metrics({
          registrations: async () => (await storeRef?.registrations.numbers())?.length ?? 0,
          activeCalls: async () => (await storeRef?.calls.activeLegs())?.length ?? 0,
          storeReady: () => storeRef?.ready() ?? false,
          recordGroups: async () => (await storeRef?.calls.consumerGroups()) ?? [],
        })
      : undefined;
    pipeline = await createPipeline(config, logger, { ...options.pipelineOptions, ...(metrics ? { metrics } : {}) });
    storeRef = pipeline.store;
    trimming = startRecordTrimming(pipeline.store.calls, recordConsumerGroups(config), logger, metrics);
    // Before the first Stop if Redis is up, so a configured group sees every record from now on.
    await trimming.pass();
    sink = startServerSink(config, pipeline.store, logger);
    cuts = startDurationCuts({
      calls: pipeline.store.calls,
      clients: () => firebrickClients(clients),
      limits: config.limits,
      logger,
      metrics,
      now: options.pipelineOptions?.now ?? Date.now,
    });
  }
  const handler = options.handler ?? pipeline!.handle;
  const radius = new RadiusServer<ServedClient>({
    host: config.listen.host,
    authPort: config.listen.auth,
    acctPort: config.listen.acct,
    clients: toServedClients(config.clients),
    handler,
    logger,
    requestLine: requestLineWriter(logger),
    ...(options.stats || metrics ? { stats: options.stats && metrics ? combineStats(options.stats, metrics) : (options.stats ?? metrics)! } : {}),
    duplicateWindowMs: config.radius.duplicateWindowSeconds * 1000,
  });
  let ports: BoundPorts;
  let http: Server | undefined;
  try {
    ports = await radius.start();
    if (metrics && pipeline) {
      const p = pipeline;
      http = await startMetricsServer(
        metrics,
        {
          ready: () => {
            const store = p.store.ready();
            return { ok: store, detail: { store: p.store.kind, storeReady: store, rules: p.rules.current.rules.length } };
          },
        },
        config.metrics.host,
        config.metrics.port,
      );
      const addr = http.address();
      logger.info({ metrics: typeof addr === 'object' && addr ? `${addr.address}:${addr.port}` : addr }, 'metrics listening');
    }
  } catch (err) {
    await radius.stop(0).catch(() => {});
    await cuts?.stop();
    await sink?.stop();
    await trimming?.stop();
    await pipeline?.close();
    throw err;
  }
  logger.info(
    {
      host: config.listen.host,
      auth: ports.auth,
      acct: ports.acct,
      clients: config.clients.map((c) => c.name),
      ...(options.configFile !== undefined ? { config: options.configFile } : {}),
    },
    'firebridge listening',
  );
  return {
    ports,
    radius,
    pipeline,
    reload: (next) => {
      // Refused whole, before anything changes: a port server whose settings the dictionary cannot serve.
      const problems = pipeline ? portServerProblems(next.clients, pipeline.faxbackDictionary) : [];
      if (problems.length) throw new Error(problems.join('\n'));
      radius.setClients(toServedClients(next.clients));
      pipeline?.setClients(next.clients);
      clients = next.clients;
      // The new clients are served even when the rules are refused for them; the encoder then
      // rejects what cannot be sent (outcome reject:route-encoding).
      pipeline?.rules.reload(rulesFit(next));
    },
    trimRecords: async () => trimming?.pass(),
    sweepLimits: async () => (await cuts?.sweep()) ?? [],
    metricsPort: () => {
      const addr = http?.address();
      return typeof addr === 'object' && addr ? addr.port : undefined;
    },
    stop: async () => {
      await radius.stop();
      await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
      await cuts?.stop();
      await sink?.stop();
      await trimming?.stop();
      await pipeline?.close();
    },
  };
}
