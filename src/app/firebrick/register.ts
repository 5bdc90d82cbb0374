// An authorised REGISTER (spec §3, issue 4): grant an expiry, record or remove the binding, and
// answer with the number and the granted Expires.
import type { Config } from '../../config/schema.js';
import type { FirebrickAccessRequest } from '../../firebrick/access-request.js';
import { callerName } from '../../firebrick/caller.js';
import type { FirebrickClient } from '../../firebrick/client.js';
import type { Decision } from '../../firebrick/decision.js';
import { bindingFrom, bindingId, grantExpiry } from '../../firebrick/registration.js';
import { confirmReplicated, type Store, type Subscriber } from '../../store/index.js';
import { RejectMessage } from '../reject-messages.js';

export async function register(
  config: Config,
  store: Store,
  client: FirebrickClient,
  request: FirebrickAccessRequest,
  subscriber: Subscriber | undefined,
  now: number,
  digestResponseAuth: string | undefined,
): Promise<{ decision: Decision; log: Record<string, unknown> }> {
  const auth = digestResponseAuth !== undefined ? { digestResponseAuth } : {};
  const r = config.registration;
  const expires = grantExpiry(request.expires, {
    minSeconds: r.minExpiresSeconds,
    maxSeconds: r.maxExpiresSeconds,
    defaultSeconds: r.defaultExpiresSeconds,
  });
  const number = subscriber?.number;
  if (!subscriber || !number) {
    // Without a number the FireBrick records nothing (spec §3, V1.51+); neither do we.
    return { decision: { kind: 'register-accept', expires, ...auth }, log: { registration: 'no-number' } };
  }
  if (expires === 0) {
    const result = await store.registrations.unregister(number, bindingId(request));
    await replicated(config, store);
    return {
      decision: { kind: 'register-accept', number, expires: 0, ...auth },
      log: { registration: 'removed', number, bindings: result.bindings },
    };
  }
  const binding = bindingFrom(request, {
    number,
    subscriber: callerName.subscriber(subscriber.realm, subscriber.username),
    firebrick: client.name,
    now,
    expiresSeconds: expires,
  });
  const result = await store.registrations.register(binding, subscriber.maxRegistrations ?? 0);
  if (result.kind === 'over-limit') {
    return {
      decision: { kind: 'reject', reason: 'too-many-registrations', message: RejectMessage.tooManyRegistrations },
      log: { registration: 'over-limit', number, bindings: result.bindings, max: subscriber.maxRegistrations },
    };
  }
  await replicated(config, store);
  return {
    decision: { kind: 'register-accept', number, expires, ...auth },
    log: { registration: 'recorded', number, expires, bindings: result.bindings },
  };
}

/**
 * Under accounting.durability `replicated` a binding is acknowledged only once the replicas have it
 * too (issue 15): otherwise a master lost before passing it on takes an accepted registration with
 * it, and the phone is unreachable until it registers again. Not replicated in time is a store
 * failure — redis.failurePolicy decides, and the phone (or the FireBrick's pool) asks again; the
 * same SIP request then gets the same decision (authenticate.ts), not a replay reject.
 */
async function replicated(config: Config, store: Store): Promise<void> {
  const { durability, replicas, replicaTimeoutMs } = config.accounting;
  if (durability === 'replicated' && store.replication) await confirmReplicated(store.replication, replicas, replicaTimeoutMs);
}
