// /api/subscribers: the list (as `firebridge subscriber list`) and a CSV import (as `subscriber
// import`): the body is the file, validated whole, and refused with a problem per line and nothing
// written, or every row written.
import { z } from 'zod';
import { parseSubscriberImport } from '../../app/subscriber-import.js';
import type { Subscriber } from '../../store/index.js';
import { plural } from '../../text/plural.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';

const subscriber = z.object({
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

/** What the API shows of a subscriber: never its HA1s or password. */
function view(s: Subscriber): z.infer<typeof subscriber> {
  return {
    username: s.username,
    realm: s.realm,
    number: s.number ?? null,
    cui: s.cui ?? null,
    enabled: s.enabled,
    maxRegistrations: s.maxRegistrations ?? null,
    maxCalls: s.maxCalls ?? null,
    maxDuration: s.maxDuration ?? null,
    present: [...(s.present ?? [])],
  };
}

export function subscriberRoutes(app: ApiApp, deps: ApiDeps): void {
  // The import's body is the CSV file itself, as text.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.get('/api/subscribers', { config: { role: 'read-only' }, schema: { tags: ['subscribers'], summary: 'List subscribers', response: { 200: z.array(subscriber) } } }, async () =>
    (await deps.store.subscribers.list()).map(view).sort((a, b) => a.realm.localeCompare(b.realm) || a.username.localeCompare(b.username)),
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
      for (const s of result.subscribers) await deps.store.subscribers.put(s);
      deps.logger.info({ imported: result.subscribers.length, by: request.caller?.name }, 'api: subscribers imported');
      return { imported: result.subscribers.length };
    },
  );
}
