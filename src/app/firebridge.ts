// The composition root: builds the layers from a validated Config and runs them. Commands and
// tests start firebridge through here, so what is tested is what runs.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { FirebrickClient } from '../firebrick/client.js';
import { RadiusServer, type BoundPorts, type RadiusStats, type RequestHandler } from '../radius/index.js';
import { toFirebrickClients } from './clients.js';
import { createPipeline, type Pipeline, type PipelineOptions } from './pipeline.js';

export interface FirebridgeOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly stats?: RadiusStats;
  /** Replaces the request pipeline (tests of the wire core). */
  readonly handler?: RequestHandler<FirebrickClient>;
  /** Passed to the pipeline: a ready store (tests), a clock. */
  readonly pipelineOptions?: PipelineOptions;
}

export interface RunningFirebridge {
  readonly ports: BoundPorts;
  readonly radius: RadiusServer<FirebrickClient>;
  /** Absent when a test replaced the pipeline with its own handler. */
  readonly pipeline: Pipeline | undefined;
  /** SIGHUP: new client table, and the rules re-read (kept as they are when invalid). */
  reload(config: Config): void;
  stop(): Promise<void>;
}

export async function startFirebridge(options: FirebridgeOptions): Promise<RunningFirebridge> {
  const { config, logger } = options;
  const pipeline = options.handler ? undefined : await createPipeline(config, logger, options.pipelineOptions);
  const handler = options.handler ?? pipeline!.handle;
  const radius = new RadiusServer<FirebrickClient>({
    host: config.listen.host,
    authPort: config.listen.auth,
    acctPort: config.listen.acct,
    clients: toFirebrickClients(config.clients),
    handler,
    logger,
    ...(options.stats ? { stats: options.stats } : {}),
    duplicateWindowMs: config.radius.duplicateWindowSeconds * 1000,
  });
  let ports: BoundPorts;
  try {
    ports = await radius.start();
  } catch (err) {
    await pipeline?.close();
    throw err;
  }
  logger.info(
    { host: config.listen.host, auth: ports.auth, acct: ports.acct, clients: config.clients.map((c) => c.name) },
    'firebridge listening',
  );
  return {
    ports,
    radius,
    pipeline,
    reload: (next) => {
      radius.setClients(toFirebrickClients(next.clients));
      pipeline?.rules.reload();
    },
    stop: async () => {
      await radius.stop();
      await pipeline?.close();
    },
  };
}
