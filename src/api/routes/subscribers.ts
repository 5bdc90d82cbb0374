// /api/subscribers: the list (as `firebridge subscriber list`, with a summary of each one's call
// features), one subscriber (as `subscriber show`), create, change and delete (as `subscriber
// add|set|del`, sharing app/subscribers.ts), and a CSV import (as `subscriber import`): the body is the
// file, validated whole, and refused with a problem per line and nothing written, or every row
// written. Every change is in the audit trail.
import { z } from 'zod';
import { applySubscriberChanges, describeSubscriber, newSubscriber, subscriberAuditFields } from '../../app/subscribers.js';
import { parseSubscriberImport } from '../../app/subscriber-import.js';
import { subscriberSubject, type Subscriber } from '../../store/index.js';
import { plural } from '../../text/plural.js';
import { auditApiChange } from '../audit.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { readSubscriberChanges, subscriberChangesBody, subscriberFields } from '../subscriber-changes.js';

/** What the list and the detail share: who, the number, the limits. */
const subscriberBase = z.object({
  username: z.string(),
  realm: z.string(),
  number: z.string().nullable(),
  cui: z.string().nullable(),
  enabled: z.boolean(),
  maxRegistrations: z.number().int().nullable(),
  maxCalls: z.number().int().nullable(),
  maxDuration: z.number().int().nullable(),
  present: z.array(z.string()),
});

const subscriber = subscriberBase.extend({
  features: z.record(z.string(), z.unknown()).describe('the call features set, as `subscriber show` writes them; {}: none'),
});

const detail = subscriberBase.extend({
  forward: z.string().nullable(),
  forwardMode: z.string().nullable(),
  forwardNoAnswer: z.string().nullable(),
  answerTimeout: z.number().int().nullable(),
  forwardUnreachable: z.string().nullable(),
  dnd: z.boolean(),
  dndMode: z.string(),
  voicemail: z.string().nullable(),
  followMe: z.array(z.string()),
  simRing: z.array(z.string()),
  credentials: z.array(z.string()).describe('which are kept ("HA1 MD5", "plaintext"), never their values'),
});

/** The features that are set, as `subscriber show` writes them; a feature's settings alone are none. */
function featureSummary(d: ReturnType<typeof describeSubscriber>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (d.forward) out.forward = d.forward;
  if (d.forward && d.forwardMode !== 'legs') out.forwardMode = d.forwardMode;
  if (d.forwardNoAnswer) out.forwardNoAnswer = `${d.answerTimeout}+${d.forwardNoAnswer}`;
  if (d.forwardUnreachable) out.forwardUnreachable = d.forwardUnreachable;
  if (d.dnd) out.dnd = d.dndMode;
  if (d.voicemail) out.voicemail = d.voicemail;
  if (d.followMe.length) out.followMe = d.followMe;
  if (d.simRing.length) out.simRing = d.simRing;
  return out;
}

/** What the list shows of a subscriber: never its HA1s or password. */
function view(s: Subscriber): z.infer<typeof subscriber> {
  const d = describeSubscriber(s);
  // The base schema keeps only its own fields of the description: one description, two views.
  return { ...subscriberBase.parse(d), features: featureSummary(d) };
}

const featureRefused = (problem: string): ApiError => new ApiError(400, 'invalid-request', `body.voicemail: ${problem}`, [{ path: 'body.voicemail', message: problem }]);

export function subscriberRoutes(app: ApiApp, deps: ApiDeps): void {
  // The import's body is the CSV file itself, as text.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const one = z.object({ realm: z.string().min(1), username: z.string().min(1) });
  const find = async (realm: string, username: string): Promise<Subscriber> => {
    const s = await deps.store.subscribers.get(realm, username);
    if (!s) throw notFound(`subscriber ${username}@${realm}`);
    return s;
  };

  app.get('/api/subscribers', { config: { role: 'read-only' }, schema: { tags: ['subscribers'], summary: 'List subscribers', response: { 200: z.array(subscriber) } } }, async () =>
    (await deps.store.subscribers.list()).map(view).sort((a, b) => a.realm.localeCompare(b.realm) || a.username.localeCompare(b.username)),
  );
  app.get(
    '/api/subscribers/:realm/:username',
    { config: { role: 'read-only' }, schema: { tags: ['subscribers'], summary: 'One subscriber and its call features (as `subscriber show`)', params: one, response: { 200: detail } } },
    async (request) => describeSubscriber(await find(request.params.realm, request.params.username)),
  );
  app.post(
    '/api/subscribers',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['subscribers'],
        summary: 'Add a subscriber (as `subscriber add`); realm defaults to digest.realm',
        body: z.object({ ...subscriberFields, username: z.string().min(1).max(253), realm: z.string().min(1).max(253).optional(), password: z.string().min(1) }).strict(),
        response: { 201: detail },
      },
    },
    async (request, reply) => {
      const { username, realm = deps.config.digest.realm, password, ...fields } = request.body;
      const changes = readSubscriberChanges(fields);
      if (await deps.store.subscribers.get(realm, username)) throw new ApiError(409, 'exists', `subscriber ${username}@${realm} exists; change it with PATCH`);
      const made = newSubscriber(username, realm, password, changes);
      if (!made.ok) throw featureRefused(made.problem);
      await deps.store.subscribers.put(made.subscriber);
      await auditApiChange(deps, request, { subject: subscriberSubject(realm, username), what: 'subscriber add', after: subscriberAuditFields(made.subscriber, true) });
      return reply.code(201).send(describeSubscriber(made.subscriber));
    },
  );
  app.patch(
    '/api/subscribers/:realm/:username',
    {
      config: { role: 'operator' },
      schema: { tags: ['subscribers'], summary: 'Change a subscriber and its call features (as `subscriber set`): only the fields given', params: one, body: subscriberChangesBody, response: { 200: detail } },
    },
    async (request) => {
      const changes = readSubscriberChanges(request.body);
      const current = await find(request.params.realm, request.params.username);
      const changed = applySubscriberChanges(current, changes);
      if (!changed.ok) throw featureRefused(changed.problem);
      await deps.store.subscribers.put(changed.subscriber);
      await auditApiChange(
        deps,
        request,
        { subject: subscriberSubject(current.realm, current.username), what: 'subscriber set', before: subscriberAuditFields(current), after: subscriberAuditFields(changed.subscriber, changes.password !== undefined) },
        { ifChanged: true },
      );
      return describeSubscriber(changed.subscriber);
    },
  );
  app.delete(
    '/api/subscribers/:realm/:username',
    { config: { role: 'operator' }, schema: { tags: ['subscribers'], summary: 'Delete a subscriber (as `subscriber del`)', params: one, response: { 204: z.null() } } },
    async (request, reply) => {
      const current = await find(request.params.realm, request.params.username);
      if (!(await deps.store.subscribers.delete(current.realm, current.username))) throw notFound(`subscriber ${current.username}@${current.realm}`);
      await auditApiChange(deps, request, { subject: subscriberSubject(current.realm, current.username), what: 'subscriber del', before: subscriberAuditFields(current) });
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/subscribers/import',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['subscribers'],
        summary: 'Create or replace subscribers from CSV (text/csv body; README → Subscribers lists the columns); all or nothing',
        body: z.string(),
        response: { 200: z.object({ imported: z.number().int() }) },
      },
    },
    async (request) => {
      const result = parseSubscriberImport(request.body, deps.config.digest.realm, false);
      if (!result.ok) {
        const problems = [...result.problems].sort((a, b) => a.line - b.line).map((p) => ({ path: `line ${p.line}`, message: p.message }));
        throw new ApiError(400, 'invalid-request', `import refused, nothing written (${plural(problems.length, 'problem')})`, problems);
      }
      // Call features are no CSV column: a replaced subscriber keeps those it had (as `subscriber import`).
      for (const s of result.subscribers) {
        const current = await deps.store.subscribers.get(s.realm, s.username);
        const next = current?.features ? { ...s, features: current.features } : s;
        await deps.store.subscribers.put(next);
        await auditApiChange(deps, request, {
          subject: subscriberSubject(s.realm, s.username),
          what: 'subscriber import',
          before: subscriberAuditFields(current),
          after: subscriberAuditFields(next, true),
        });
      }
      deps.logger.info({ imported: result.subscribers.length, by: request.caller?.name }, 'api: subscribers imported');
      return { imported: result.subscribers.length };
    },
  );
}
