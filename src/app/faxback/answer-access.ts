// A FaxBack port server's Access-Request, start to end (FaxBack spec §2): read it once
// (faxback/access-request.ts), fetch what its command needs from the fax store within the request's
// deadline (faxback/lookups.ts), decide (faxback/decide.ts, pure) and write the reply
// (faxback/encode-reply.ts). A store failure meets redis.failurePolicy; any other failure is a
// defect (failures.ts): no answer, never an accept.
import {
  decideFaxback,
  encodeReply,
  checkPassword,
  gatherRecords,
  lookupsFor,
  readFaxbackRequest,
  refusalDecision,
  ReplyEncodingError,
  loginGuardId,
  type FaxbackDecision,
  type FaxbackRequest,
} from '../../faxback/index.js';
import type { GuardPolicy, GuardSubject } from '../../store/index.js';
import type { FaxbackClient } from '../../faxback/client.js';
import { HEADER_LENGTH, MAX_PACKET_LENGTH, type HandlerResult, type RadiusReply, type RadiusRequest } from '../../radius/index.js';
import { DeadlineExceeded, withDeadline } from '../deadline.js';
import { internalErrorSilence, isStoreFailure, reportInternalError } from '../failures.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import { RejectMessage } from '../reject-messages.js';

/** Message-Authenticator (18 octets) goes into every Access-* reply; what is left is for the attributes. */
const ATTRIBUTE_ROOM = MAX_PACKET_LENGTH - HEADER_LENGTH - 18;

export async function answerFaxbackAccess(deps: PipelineDeps, radius: RadiusRequest<FaxbackClient>): Promise<HandlerResult> {
  const arrivedAt = Date.now();
  const { faxback: profile, name: client } = radius.client;
  const dictionary = deps.faxbackDictionary;
  const read = readFaxbackRequest(radius.attributes, {
    secret: radius.client.secret,
    requestAuthenticator: radius.packet.authenticator,
    dictionary,
    uuidMode: profile.uuidMode,
  });
  if (!read.ok) {
    const { reason, detail, command, context } = read.refusal;
    return reply(deps, radius.client, refusalDecision(read.refusal), { command, context, refused: reason, detail });
  }
  const { request } = read;
  const asked = { command: request.command, context: request.context, request: request.kind };
  let decision: FaxbackDecision;
  try {
    decision = await decide(deps, radius.client, request, arrivedAt);
  } catch (err) {
    if (!isStoreFailure(err)) {
      reportInternalError(deps, 'access', err, { client, ...asked });
      return internalErrorSilence('internal-error');
    }
    deps.metrics?.storeErrors.inc({ kind: err instanceof DeadlineExceeded ? 'access-deadline' : 'access' });
    deps.errorLog.error('access', { err: err.message, client, policy: deps.config.redis.failurePolicy }, 'cannot decide: store unavailable');
    // The port server moves on to the next server of its list when one stays silent (spec §1.3).
    if (deps.config.redis.failurePolicy !== 'reject') return { silent: true, outcome: 'store-unavailable', log: asked };
    decision = { kind: 'reject', reason: 'store-unavailable', message: RejectMessage.storeUnavailable };
  }
  return reply(deps, radius.client, decision, asked);
}

/**
 * Fetch, decide, and for a login (rows 1, 2) keep the lockout guard: a locked account is refused
 * before its password is hashed, and every wrong password or unknown name counts towards a lockout
 * (guard.maxFailuresPerUser within guard.windowSeconds) — PAP passwords can be guessed like digests.
 * The request's deadline covers what the store must answer before a decision; the password check
 * is CPU (scrypt), so a busy machine is not taken for a store outage.
 */
async function decide(deps: PipelineDeps, client: FaxbackClient, request: FaxbackRequest, arrivedAt: number): Promise<FaxbackDecision> {
  const login = request.kind === 'account-login' || request.kind === 'account-validate' ? loginSubject(deps, request.account) : undefined;
  const fetched = withDeadline(
    Promise.all([login ? deps.store.guard.lockedOut([login]) : undefined, gatherRecords(lookupsFor(request, client.faxback), deps.store.fax)]),
    deps.config.redis.commandTimeoutMs,
    arrivedAt,
  );
  const [locked, records] = await fetched;
  if (locked) return { kind: 'reject', reason: 'locked-out', message: 'account locked after too many failed logins', detail: `${Math.ceil(locked.remainingMs / 1000)} s left` };
  const decision = decideFaxback(request, await checkPassword(request, records), { profile: client.faxback, dictionary: deps.faxbackDictionary });
  if (!login) return decision;
  if (decision.kind === 'reject') {
    const lockedNow = await deps.store.guard.recordFailure([login], guardPolicy(deps));
    for (const subject of lockedNow) deps.onLockout(subject, decision.reason);
  } else if (await deps.store.guard.hasFailures(login)) {
    await deps.store.guard.recordSuccess(login);
  }
  return decision;
}

function loginSubject(deps: PipelineDeps, name: string): GuardSubject {
  return { scope: 'user', id: loginGuardId(name), maxFailures: deps.config.guard.maxFailuresPerUser };
}

function guardPolicy(deps: PipelineDeps): GuardPolicy {
  return { windowMs: deps.config.guard.windowSeconds * 1000, lockoutMs: deps.config.guard.lockoutSeconds * 1000 };
}

function reply(deps: PipelineDeps, client: FaxbackClient, decision: FaxbackDecision, log: Record<string, unknown>): RadiusReply {
  const fields = {
    ...log,
    ...(decision.kind === 'reject' ? { reason: decision.reason, ...(decision.detail !== undefined ? { detail: decision.detail } : {}) } : {}),
    ...(decision.kind === 'accept' && decision.omitted.length ? { omitted: decision.omitted } : {}),
  };
  const outcome = decision.kind === 'reject' ? `reject:${decision.reason}` : `accept:${decision.outcome}`;
  try {
    const encoded = encodeReply(decision, { dictionary: deps.faxbackDictionary, profile: client.faxback });
    const room = encoded.attributes.reduce((n, [, v]) => n + 2 + (Buffer.isBuffer(v) ? v.length : Buffer.byteLength(String(v))), 0);
    if (room > ATTRIBUTE_ROOM) throw new ReplyEncodingError('reply', `${room} octets of attributes do not fit one RADIUS packet (RFC 2865 §3: 4096)`);
    return { ...encoded, outcome, log: fields };
  } catch (err) {
    if (!(err instanceof ReplyEncodingError)) throw err;
    // What is sent is a reject, so the outcome and the log say so too.
    deps.logger.error({ err: err.message, client: client.name }, 'FaxBack reply cannot be encoded');
    const rejected: FaxbackDecision = { kind: 'reject', reason: 'reply-encoding', message: 'the answer does not fit a RADIUS reply' };
    return { ...encodeReply(rejected, { dictionary: deps.faxbackDictionary, profile: client.faxback }), outcome: 'reject:reply-encoding', log: { ...fields, encodingError: err.message } };
  }
}
