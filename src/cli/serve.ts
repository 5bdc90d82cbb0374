import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { DictionaryFileError } from '../app/faxback/dictionary.js';
import { issueLocalToken, localTokenPath } from '../api/local-token.js';
import { startApi } from '../api/server.js';
import { startFirebridge } from '../app/firebridge.js';
import { createLogger } from '../app/logger.js';
import { loadConfig } from '../config/load.js';
import { SourceError } from '../text/yaml-validation.js';
import { loadCommandConfig } from './context.js';
import { missingServeOptions } from './node-options.js';
import { configOption } from './options.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the RADIUS server (authentication and accounting)')
    .option(...configOption)
    .option('-w, --workers <n>', 'worker processes sharing the UDP ports ("auto" = one per core); also $FIREBRIDGE_WORKERS', parseWorkers)
    .action(async (opts: { config?: string; workers?: number }) => {
      const workers = opts.workers ?? (process.env.FIREBRIDGE_WORKERS ? parseWorkers(process.env.FIREBRIDGE_WORKERS) : 1);
      if (workers > 1 && cluster.isPrimary) {
        runPrimary(workers);
        return;
      }
      // Found as every other command finds it (config/discover.ts), so they share Redis, prefix and realm.
      const { config, location, warnings } = loadCommandConfig(opts.config);
      const logger = createLogger(config.log.level, config.log.format);
      for (const w of warnings) logger.warn({ setting: w.path }, w.message);
      const missing = missingServeOptions(process.execArgv, process.env.NODE_OPTIONS);
      if (missing.length > 0) {
        logger.info({ nodeOptions: missing }, 'running without the recommended Node options (README → Performance; npm start passes them)');
      }
      let running;
      try {
        running = await startFirebridge({ config, logger, configFile: location.file ?? 'built-in defaults' });
      } catch (err) {
        if (err instanceof SourceError) {
          // Both read files whose problems are file:line:column; the heading says which file to fix.
          const what = err instanceof DictionaryFileError ? 'FaxBack dictionary' : 'routing rules';
          process.stderr.write(`firebridge: invalid ${what}\n${err.message}\n`);
          process.exit(1);
        }
        throw err;
      }

      const api = config.api.enabled && running.pipeline ? await startApi({ config, store: running.pipeline.store, logger, now: Date.now, running }).catch(async (err: unknown) => {
        await running.stop();
        process.stderr.write(`firebridge: cannot serve the admin API on ${config.api.host}:${config.api.port}: ${(err as Error).message} (set api.port, or api.enabled: false)\n`);
        process.exit(1);
      }) : undefined;

      // Local commands reach this server (and its store, in-process or not) through the API. Without
      // it (Redis down at start) they use Redis themselves, as they would with no server running.
      const localToken = api
        ? await issueLocalToken(running.pipeline!.store, localTokenPath(config), Date.now()).catch((err: unknown) => {
            logger.warn({ err: (err as Error).message }, 'cannot issue the local commands\' API token; commands on this machine use Redis directly');
            return undefined;
          })
        : undefined;

      let stopping = false;
      const shutdown = async (signal: string): Promise<void> => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal, inFlight: running.radius.inFlightRequests }, 'shutting down');
        await localToken?.revoke();
        await api?.close();
        await running.stop();
        logger.info({ drops: Object.fromEntries(running.radius.counts.drops) }, 'stopped');
        logger.flush?.();
        process.exit(0);
      };
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGHUP', () => {
        try {
          const next = loadConfig(location.file);
          running.reload(next.config);
          for (const w of next.warnings) logger.warn({ setting: w.path }, w.message);
          logger.info({ clients: next.config.clients.map((c) => c.name) }, 'reloaded clients and rules (SIGHUP)');
        } catch (err) {
          logger.error({ err: err instanceof SourceError ? err.message : err }, 'reload refused; keeping the running configuration');
        }
      });
    });
}

function parseWorkers(value: string): number {
  if (value === 'auto') return availableParallelism();
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('a number ≥ 1, or "auto"');
  return Number(value);
}

/**
 * Multi-core mode: the primary only supervises; each worker runs a full firebridge on the same UDP
 * ports (the kernel spreads datagrams). Workers share state through Redis; each keeps its own
 * duplicate cache, which is safe because request handling is idempotent (spec §7).
 */
function runPrimary(workers: number): void {
  let stopping = false;
  // Workers get the recommended Node options (node-options.ts) whether or not the primary was given them.
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...missingServeOptions(process.execArgv, process.env.NODE_OPTIONS)] });
  const fork = (): void => {
    cluster.fork();
  };
  for (let i = 0; i < workers; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    process.stderr.write(`firebridge: worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`);
    setTimeout(fork, 1_000);
  });
  const forward = (signal: NodeJS.Signals): void => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
  };
  const stop = (signal: NodeJS.Signals): void => {
    stopping = true;
    forward(signal);
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => forward('SIGHUP'));
}
