import type { Command } from 'commander';
import { startFirebridge } from '../app/firebridge.js';
import { createLogger } from '../app/logger.js';
import { loadConfig } from '../config/load.js';
import { SourceError } from '../config/yaml-validation.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the RADIUS server (authentication and accounting)')
    .option('-c, --config <file>', 'configuration file (YAML); also $FIREBRIDGE_CONFIG')
    .action(async (opts: { config?: string }) => {
      let loaded;
      try {
        loaded = loadConfig(opts.config);
      } catch (err) {
        if (err instanceof SourceError) {
          process.stderr.write(`firebridge: invalid configuration\n${err.message}\n`);
          process.exit(1);
        }
        throw err;
      }
      const { config } = loaded;
      const logger = createLogger(config.log.level, config.log.format);
      for (const w of loaded.warnings) logger.warn({ setting: w.path }, w.message);
      let running;
      try {
        running = await startFirebridge({ config, logger });
      } catch (err) {
        if (err instanceof SourceError) {
          process.stderr.write(`firebridge: invalid routing rules\n${err.message}\n`);
          process.exit(1);
        }
        throw err;
      }

      let stopping = false;
      const shutdown = async (signal: string): Promise<void> => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal, inFlight: running.radius.inFlightRequests }, 'shutting down');
        await running.stop();
        logger.info({ drops: Object.fromEntries(running.radius.counts.drops) }, 'stopped');
        logger.flush?.();
        process.exit(0);
      };
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGHUP', () => {
        try {
          const next = loadConfig(opts.config);
          running.reload(next.config);
          for (const w of next.warnings) logger.warn({ setting: w.path }, w.message);
          logger.info({ clients: next.config.clients.map((c) => c.name) }, 'reloaded clients and rules (SIGHUP)');
        } catch (err) {
          logger.error({ err: err instanceof SourceError ? err.message : err }, 'reload refused; keeping the running configuration');
        }
      });
    });
}
