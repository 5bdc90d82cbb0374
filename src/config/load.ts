// Loads the configuration: YAML file → environment overrides → validation. A bad file fails at
// start with file:line:column, the key path and the reason.
import { readFileSync } from 'node:fs';
import { configSchema, type Config } from './schema.js';
import { SourceError, validateYaml, type SourceProblem } from '../text/yaml-validation.js';

export interface ConfigWarning {
  readonly path: string;
  readonly message: string;
}

export interface LoadedConfig {
  readonly config: Config;
  readonly file: string | undefined;
  readonly warnings: readonly ConfigWarning[];
}

/** Environment variables that override the file, for containers and quick runs. */
export const ENVIRONMENT_OVERRIDES = {
  FIREBRIDGE_CONFIG: 'path of the configuration file',
  FIREBRIDGE_LISTEN_HOST: 'listen.host',
  FIREBRIDGE_AUTH_PORT: 'listen.auth',
  FIREBRIDGE_ACCT_PORT: 'listen.acct',
  REDIS_URL: 'redis.url',
  FIREBRIDGE_RULES_DIR: 'rules.dir',
  FIREBRIDGE_METRICS_HOST: 'metrics.host',
  FIREBRIDGE_METRICS_PORT: 'metrics.port',
  LOG_LEVEL: 'log.level',
} as const;

function environmentProblem(name: string, message: string): SourceProblem {
  return { file: `$${name}`, line: 1, column: 1, path: '', message };
}

function applyEnvironment(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): SourceProblem[] {
  const problems: SourceProblem[] = [];
  const section = (name: string): Record<string, unknown> => {
    const existing = raw[name];
    if (existing && typeof existing === 'object') return existing as Record<string, unknown>;
    const fresh: Record<string, unknown> = {};
    raw[name] = fresh;
    return fresh;
  };
  const portFrom = (name: string, protocol: 'UDP' | 'TCP'): number | undefined => {
    const text = env[name];
    if (text === undefined || text === '') return undefined;
    if (!/^\d+$/.test(text) || Number(text) > 65535) {
      problems.push(environmentProblem(name, `"${text}" is not a ${protocol} port number`));
      return undefined;
    }
    return Number(text);
  };
  if (env.FIREBRIDGE_LISTEN_HOST) section('listen').host = env.FIREBRIDGE_LISTEN_HOST;
  const auth = portFrom('FIREBRIDGE_AUTH_PORT', 'UDP');
  if (auth !== undefined) section('listen').auth = auth;
  const acct = portFrom('FIREBRIDGE_ACCT_PORT', 'UDP');
  if (acct !== undefined) section('listen').acct = acct;
  if (env.FIREBRIDGE_METRICS_HOST) section('metrics').host = env.FIREBRIDGE_METRICS_HOST;
  const metrics = portFrom('FIREBRIDGE_METRICS_PORT', 'TCP');
  if (metrics !== undefined) section('metrics').port = metrics;
  if (env.REDIS_URL) section('redis').url = env.REDIS_URL;
  if (env.FIREBRIDGE_RULES_DIR) section('rules').dir = env.FIREBRIDGE_RULES_DIR;
  if (env.LOG_LEVEL) section('log').level = env.LOG_LEVEL;
  return problems;
}

export function loadConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const path = file ?? env.FIREBRIDGE_CONFIG;
  let text = '{}';
  if (path) {
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new SourceError([{ file: path, line: 1, column: 1, path: '', message: `cannot read: ${(err as Error).message}` }]);
    }
  }
  const label = path ?? '(defaults)';
  // Validate the file on its own first so positions point into it; then apply the environment.
  const fromFile = validateYaml(label, text, configSchema);
  if (!fromFile.ok) throw new SourceError(fromFile.problems);
  const raw = (fromFile.document.toJS() ?? {}) as Record<string, unknown>;
  const envProblems = applyEnvironment(raw, env);
  if (envProblems.length) throw new SourceError(envProblems);
  const merged = configSchema.safeParse(raw);
  if (!merged.success) {
    throw new SourceError(
      merged.error.issues.map((i) => ({ file: 'environment', line: 1, column: 1, path: i.path.join('.'), message: i.message })),
    );
  }
  const config = merged.data;
  const warnings: ConfigWarning[] = [];
  config.clients.forEach((c, i) => {
    if (Buffer.byteLength(c.secret) < 16) {
      warnings.push({
        path: `clients[${i}].secret`,
        message: `secret of client "${c.name}" is shorter than 16 characters (RFC 2865 §3 recommends at least 16)`,
      });
    }
    // A FaxBack port server never sends one (FaxBack spec §1.5): requiring it would refuse every
    // request, so not requiring it is the only working setting and warning about it is noise.
    if (!c.requireMessageAuthenticator && c.kind === 'firebrick') {
      warnings.push({
        path: `clients[${i}].requireMessageAuthenticator`,
        message: `client "${c.name}" may send Access-Requests without Message-Authenticator: exposed to BlastRADIUS (CVE-2024-3596)`,
      });
    }
  });
  if (config.clients.length === 0) {
    warnings.push({ path: 'clients', message: 'no clients configured: every packet will be dropped as from an unknown client' });
  }
  return { config, file: path, warnings };
}
