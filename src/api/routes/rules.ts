// /api/rules: check a proposed rule set (files in the body, nothing written) and dry-run a call
// against the served rules or a proposed set, with the per-rule trace and the exact reply attributes
// (as `firebridge check` and `firebridge route`).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { DryRunError, routeDryRun } from '../../app/dry-run.js';
import { rulesFit } from '../../app/open-rules.js';
import { loadRules } from '../../rules/index.js';
import { SourceError, type SourceProblem } from '../../text/yaml-validation.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';

/** A proposed rule set: file name → YAML text, as the files of `routing-rules/` would hold it. */
const files = z
  .record(z.string().regex(/^[\w.-]+\.ya?ml$/, 'a file name such as 40-outbound.yaml'), z.string())
  .refine((f) => Object.keys(f).length > 0, 'at least one file');

/** Writes the proposed files to a directory of their own for the loader, and removes it after. */
async function withProposed<T>(proposed: Record<string, string> | undefined, use: (dir: string | undefined) => Promise<T>): Promise<T> {
  if (!proposed) return use(undefined);
  const dir = mkdtempSync(join(tmpdir(), 'firebridge-proposed-'));
  try {
    for (const [name, text] of Object.entries(proposed)) writeFileSync(join(dir, basename(name)), text);
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Problems with the file named as the request named it, not by the scratch directory. */
const named = (problems: readonly SourceProblem[]) => problems.map((p) => ({ ...p, file: basename(p.file) }));

export function ruleRoutes(app: ApiApp, deps: ApiDeps): void {
  app.post(
    '/api/rules/check',
    {
      config: { role: 'read-only' },
      schema: { tags: ['rules'], summary: 'Check a proposed rule set (nothing is written or served)', body: z.object({ files }).strict() },
    },
    async (request) =>
      withProposed(request.body.files, async (dir) => {
        const loaded = loadRules(dir!, rulesFit(deps.config));
        return loaded.ok ? { valid: true, rules: loaded.ruleSet.rules.length, problems: [] } : { valid: false, problems: named(loaded.problems) };
      }),
  );

  app.post(
    '/api/rules/dry-run',
    {
      config: { role: 'read-only' },
      schema: {
        tags: ['rules'],
        summary: 'Which rule a call matches, why earlier ones did not, and the exact reply attributes',
        body: z
          .object({
            to: z.string().min(1),
            from: z.string().optional(),
            user: z.string().optional().describe('username (in digest.realm) or realm:username'),
            carrier: z.string().optional(),
            cui: z.string().optional(),
            method: z.string().default('INVITE'),
            client: z.string().optional(),
            nasIdentifier: z.string().optional(),
            at: z.string().optional(),
            files: files.optional().describe('a proposed rule set instead of the served one'),
          })
          .strict(),
      },
    },
    async (request) => {
      const { files: proposed, ...call } = request.body;
      const user = call.user === undefined ? {} : { user: call.user.includes(':') ? call.user : `${deps.config.digest.realm}:${call.user}` };
      return withProposed(proposed, async (dir) => {
        try {
          const report = await routeDryRun(deps.config, deps.store, { ...call, ...user, ...(dir ? { rules: dir } : {}) });
          return report.json;
        } catch (err) {
          if (err instanceof SourceError) throw new ApiError(422, 'invalid-rules', 'the rule set does not load', named(err.problems).map((p) => ({ path: `${p.file}:${p.line}:${p.column}: ${p.path}`, message: p.message })));
          if (err instanceof DryRunError) throw new ApiError(400, 'invalid-request', err.message);
          throw err;
        }
      });
    },
  );
}
