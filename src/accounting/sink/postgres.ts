// The PostgreSQL side of the call-record sink: the schema (migrations.ts), one multi-row INSERT per
// batch in one transaction, and what --status asks. node-postgres's Pool reconnects by itself: a
// query while PostgreSQL is down fails, and the next one opens a new connection.
import pg from 'pg';
import { MIGRATION_LOCK, MIGRATIONS, type Migration } from './migrations.js';
import { ROW_COLUMNS, type CallRecordRow } from './record-row.js';

/** The URL's password never reaches a log line or an error message. */
export function redactPostgresUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

export class PostgresRecords {
  private readonly pool: pg.Pool;

  constructor(url: string, onIdleError: (err: Error) => void = () => {}) {
    this.pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 5_000, application_name: 'firebridge cdr-sink' });
    // A pooled connection that breaks while idle (PostgreSQL restarted) is reported here, not thrown.
    this.pool.on('error', onIdleError);
  }

  /** Applies the migrations not yet applied; returns their versions. Safe to run from several sinks at once. */
  async migrate(migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      const applied: number[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        applied.push(m.version);
      }
      await client.query('COMMIT');
      return applied;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /**
   * One INSERT for the whole batch, committed before it returns; a row whose (firebrick, session_id)
   * is already there is skipped (a record delivered twice). Returns the rows inserted.
   */
  async insert(rows: readonly CallRecordRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const values: unknown[] = [];
    const tuples = rows.map((row) => {
      const start = values.length;
      for (const c of ROW_COLUMNS) values.push(row[c]);
      return `(${ROW_COLUMNS.map((_, i) => `$${start + i + 1}`).join(', ')})`;
    });
    const client = await this.pool.connect();
    let failed: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await client.query(
        `INSERT INTO call_records (${ROW_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (firebrick, session_id) DO NOTHING`,
        values,
      );
      await client.query('COMMIT');
      return result.rowCount ?? 0;
    } catch (err) {
      failed = err instanceof Error ? err : new Error(String(err));
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      // A connection that failed mid-transaction is closed rather than reused.
      client.release(failed);
    }
  }

  /** When the last row of each stream was inserted. */
  async lastInserts(streams: readonly string[]): Promise<Map<string, Date>> {
    const { rows } = await this.pool.query<{ stream: string; last: Date }>(
      'SELECT s AS stream, (SELECT max(inserted_at) FROM call_records WHERE stream = s) AS last FROM unnest($1::text[]) AS s',
      [streams],
    );
    return new Map(rows.filter((r) => r.last !== null).map((r) => [r.stream, r.last]));
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
