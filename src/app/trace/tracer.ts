// The live trace in the request path (README → Live trace). Only while someone watches does a
// request get a RequestTrace for the steps to fill; one that matched a watcher is published to each
// such watcher once answered, without holding the reply back.
import type { Logger } from 'pino';
import { RateLimitedLog, type HandlerResult, type RadiusRequest } from '../../radius/index.js';
import type { TraceStore } from '../../store/index.js';
import type { ServedClient } from '../clients.js';
import { RequestTrace } from './capture.js';
import { traceEvent } from './event.js';
import { requestSubject } from './subject.js';
import { TraceWatchList } from './watch-list.js';

export class Tracer {
  readonly watchers: TraceWatchList;
  private readonly errors: RateLimitedLog;

  constructor(
    private readonly store: TraceStore,
    logger: Logger,
    private readonly now: () => number,
  ) {
    this.watchers = new TraceWatchList(store, logger, now);
    this.errors = new RateLimitedLog(logger);
  }

  start(): void {
    this.watchers.start();
  }

  /** True while anyone watches: only then is `handle` worth calling. */
  get watching(): boolean {
    return this.watchers.watching;
  }

  /** Answers a request with `answer`, giving it a RequestTrace, and publishes it if it was watched. */
  async handle(radius: RadiusRequest<ServedClient>, answer: (trace: RequestTrace) => Promise<HandlerResult>): Promise<HandlerResult> {
    const arrivedAt = this.now();
    const started = process.hrtime.bigint();
    const trace = new RequestTrace(this.watchers.current(), requestSubject(radius.attributes, radius.client.name));
    const result = await answer(trace);
    if (trace.matched.size > 0) {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const common = traceEvent(radius, trace, result, arrivedAt, ms);
      for (const w of trace.matched) {
        this.store.publish(w.id, JSON.stringify({ filter: w.filter, ...common })).catch((err: unknown) => {
          this.errors.warn('trace-publish', { err: (err as Error).message }, 'cannot publish a trace event');
        });
      }
    }
    return result;
  }

  stop(): Promise<void> {
    return this.watchers.stop();
  }
}
