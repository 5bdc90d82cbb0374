// Which errors out of ioredis mean that Redis could not answer, and the one place they become
// StoreUnavailableError: every part of the Redis store is handed out through typedOutages (store.ts),
// so no command path can forget it. An error that is not an outage — a wrong command, a script
// error, a WRONGTYPE, a TypeError in our own code — passes through as it is: a defect, not an outage.
import { ReplyError } from 'ioredis';
import { StoreUnavailableError } from '../unavailable.js';

/**
 * Error replies that mean "not now" rather than "not this": the cluster or a master is down or
 * loading, a demoted master refuses writes, too few replicas for min-replicas-to-write, a busy
 * script, persistence failing, no memory left, or credentials this Redis does not accept.
 */
const OUTAGE_REPLY = /^(CLUSTERDOWN|LOADING|READONLY|MASTERDOWN|TRYAGAIN|BUSY|NOREPLICAS|MISCONF|OOM|NOAUTH|WRONGPASS)\b/;

/**
 * ioredis's own errors that mean the connection could not carry the command: it was closed or
 * aborted, it gave up retrying (maxRetriesPerRequest), no cluster node answered, or the reply
 * stream broke.
 */
const OUTAGE_ERROR_NAMES = new Set(['AbortError', 'InterruptError', 'MaxRetriesPerRequestError', 'ClusterAllFailedError', 'ParserError']);

/** Plain Errors ioredis rejects a command with when there is no connection to send it on, or no answer in time. */
const OUTAGE_MESSAGE =
  /^(Command timed out|Connection is closed|Stream isn't writeable|Cluster isn't ready|Cluster is disconnect|None of startup nodes is available|Too many Cluster redirections|Node is disconnected|Failed to refresh slots cache|connect ETIMEDOUT|Socket timeout)/;

/** Socket errors (Node's `code`) when a connection cannot be made or is cut. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export function isRedisOutage(err: unknown): err is Error {
  if (!(err instanceof Error)) return false;
  if (err instanceof ReplyError) return OUTAGE_REPLY.test(err.message);
  if (OUTAGE_ERROR_NAMES.has(err.name)) return true;
  const code = (err as NodeJS.ErrnoException).code;
  return (code !== undefined && NETWORK_CODES.has(code)) || OUTAGE_MESSAGE.test(err.message);
}

function typed(err: unknown): unknown {
  return !(err instanceof StoreUnavailableError) && isRedisOutage(err) ? StoreUnavailableError.of(err) : err;
}

/**
 * `part` with every method's Redis outage — a rejection or a throw — turned into
 * StoreUnavailableError (the ioredis error kept as its cause); anything else is passed on untouched.
 * Methods run on `part` itself, so calls between its own methods are not wrapped twice.
 */
export function typedOutages<T extends object>(part: T): T {
  type Method = (...args: unknown[]) => unknown;
  const wrapped = new WeakMap<Method, Method>();
  return new Proxy(part, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      const original = value as Method;
      let method = wrapped.get(original);
      if (!method) {
        method = (...args: unknown[]): unknown => {
          let result: unknown;
          try {
            result = original.apply(target, args);
          } catch (err) {
            throw typed(err);
          }
          return result instanceof Promise ? result.catch((err: unknown) => Promise.reject(typed(err))) : result;
        };
        wrapped.set(original, method);
      }
      return method;
    },
  });
}
