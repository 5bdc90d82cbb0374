// The web console (src/console/, README → Console and API → Web console): its built files served at
// `/` beside the API. Vite names every asset by its content hash, so assets may be cached for a year;
// index.html names the current ones and is never cached, so a rebuilt console is picked up at once.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { ApiApp } from './deps.js';

/** `dist/console/` of this package, from src/api/ (tests) and dist/api/ (built) alike. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../dist/console/', import.meta.url));

/** Its own scripts and styles only (uPlot and Preact set styles from script, which CSP allows), no framing. */
export const CONSOLE_CSP = "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

export const CONSOLE_NOT_BUILT = 'the web console is not built in this installation: run `npm run build` (it builds dist/console/), then restart firebridge serve\n';

export async function consoleRoutes(app: ApiApp, dir: string = CONSOLE_DIR): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.code(404).type('text/plain; charset=utf-8').send(CONSOLE_NOT_BUILT));
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    index: ['index.html'],
    cacheControl: false,
    // Only what the build wrote; /api/… is never a file.
    allowedPath: (path) => !path.startsWith('/api/'),
    setHeaders: (reply, path) => {
      reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      reply.header('x-content-type-options', 'nosniff');
      // The console runs only its own files and talks only to this API; no other site may frame it
      // (a click on Hang up must be the operator's own).
      reply.header('content-security-policy', CONSOLE_CSP);
      reply.header('x-frame-options', 'DENY');
    },
    schemaHide: true,
  });
}
