// GET /api/status: what an operator checks first — the store in use and whether it answers, the rules
// loaded, the clients served, the registered numbers. Cheap: nothing here scans call records.
import { z } from 'zod';
import type { ApiApp, ApiDeps } from '../deps.js';

const status = z.object({
  store: z.object({ kind: z.enum(['redis', 'memory']), ready: z.boolean() }),
  rules: z.object({ loaded: z.number().int(), files: z.number().int(), loadedAt: z.string().nullable() }),
  clients: z.array(z.object({ name: z.string(), kind: z.enum(['firebrick', 'faxback']) })),
  registeredNumbers: z.number().int(),
  activeLegs: z.number().int(),
  startedAt: z.string(),
});

export function statusRoutes(app: ApiApp, deps: ApiDeps): void {
  const startedAt = new Date(deps.now()).toISOString();
  app.get('/api/status', { config: { role: 'read-only' }, schema: { tags: ['status'], summary: 'Status summary', response: { 200: status } } }, async () => {
    const rules = deps.running?.pipeline?.rules.current;
    const [numbers, legs] = await Promise.all([deps.store.registrations.numbers(), deps.store.calls.activeLegs()]);
    return {
      store: { kind: deps.store.kind, ready: deps.store.ready() },
      rules: { loaded: rules?.rules.length ?? 0, files: rules?.files.length ?? 0, loadedAt: rules ? rules.loadedAt.toISOString() : null },
      clients: deps.config.clients.map((c) => ({ name: c.name, kind: c.kind })),
      registeredNumbers: numbers.length,
      activeLegs: legs.length,
      startedAt,
    };
  });
}
