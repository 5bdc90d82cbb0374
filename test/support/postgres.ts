// PostgreSQL for the call-record sink's tests. The global setup finds the machine's PostgreSQL (and
// starts its clusters when they are down and it may), and provides where it is or why it is not;
// each test then works in a database of its own, created and dropped around it. For a PostgreSQL
// restart a test starts a private server (initdb on a temporary directory, its own port).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, inject, it } from 'vitest';
import { freeTcpPort } from './redis-server.js';
import { findOnPath, isCi } from './tools.js';

const run = promisify(execFile);

/** Trust authentication on loopback, as Debian's cluster has it; FIREBRIDGE_TEST_POSTGRES points elsewhere. */
export const DEFAULT_POSTGRES_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export type PostgresSituation = { readonly adminUrl: string } | { readonly problem: string };

async function reachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

/** For the global setup: PostgreSQL reachable, else its clusters started (Debian's pg_ctlcluster) when root. */
export async function preparePostgres(env: NodeJS.ProcessEnv, root: boolean, say: (line: string) => void): Promise<PostgresSituation> {
  const adminUrl = env.FIREBRIDGE_TEST_POSTGRES ?? DEFAULT_POSTGRES_ADMIN_URL;
  const first = await reachable(adminUrl);
  if (first === undefined) return { adminUrl };
  const lsclusters = findOnPath('pg_lsclusters', env.PATH);
  const ctl = findOnPath('pg_ctlcluster', env.PATH);
  if (root && lsclusters && ctl) {
    const { stdout } = await run(lsclusters, ['-h']).catch(() => ({ stdout: '' }));
    for (const line of stdout.split('\n')) {
      const [version, name, , status] = line.split(/\s+/);
      if (!version || !name || status === 'online') continue;
      say(`firebridge tests: starting PostgreSQL cluster ${version}/${name} (${first})`);
      await run(ctl, [version, name, 'start']).catch((err: Error) => say(`firebridge tests: pg_ctlcluster ${version} ${name} start failed: ${err.message}`));
    }
    if ((await reachable(adminUrl)) === undefined) return { adminUrl };
  }
  return {
    problem: `PostgreSQL is not reachable at ${adminUrl} (${first}); start it (pg_ctlcluster 15 main start, or apt-get install -y postgresql) or set FIREBRIDGE_TEST_POSTGRES`,
  };
}

/**
 * A suite that needs PostgreSQL: skipped, with the reason said after the summary, when there is
 * none — and failing instead under CI, which never skips.
 */
export function describeWithPostgres(name: string, body: (adminUrl: string) => void): void {
  const situation = inject('postgres');
  if ('adminUrl' in situation) {
    describe(name, () => body(situation.adminUrl));
    return;
  }
  if (isCi(process.env)) {
    describe(name, () => it('has PostgreSQL', () => {
      throw new Error(`!!! FAILING (CI=true never skips): ${situation.problem}`);
    }));
    return;
  }
  describe.skip(name, () => body(''));
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A database of its own (unique name per call), on the server `adminUrl` names. */
export async function createTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `firebridge_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => {});
  return {
    name,
    url,
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    async drop() {
      await pool.end();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

export interface PrivatePostgres {
  /** URL of the `postgres` database on this server. */
  readonly adminUrl: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

function serverBinaries(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

/** A throw-away PostgreSQL server that a test can stop and start; undefined when initdb is not installed. */
export async function startPrivatePostgres(): Promise<PrivatePostgres | undefined> {
  const bin = serverBinaries();
  if (!bin) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'firebridge-pg-'));
  const data = join(dir, 'data');
  // PostgreSQL refuses to run as root: as root, the server runs as the postgres user.
  let owner: { uid: number; gid: number } | undefined;
  if (process.getuid?.() === 0) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    owner = { uid, gid };
    chownSync(dir, uid, gid);
  }
  await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], owner ?? {});
  const port = await freeTcpPort();
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const proc = spawn(
      join(bin, 'postgres'),
      ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
      { stdio: ['ignore', 'pipe', 'pipe'], ...(owner ?? {}) },
    );
    child = proc;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`postgres did not start: ${out}`)), 15_000);
      const onData = (d: Buffer): void => {
        out += d.toString();
        if (out.includes('ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`postgres exited with ${code}: ${out}`));
      });
    });
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGINT'); // fast shutdown: clients are disconnected, as in a restart
    });
  };
  await start();
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresSituation;
  }
}
