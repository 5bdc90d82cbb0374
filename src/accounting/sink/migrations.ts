// The sink's PostgreSQL schema, as an ordered list of migrations. Applied by `firebridge cdr-sink` at
// start: each once (recorded in schema_migrations), under an advisory lock so sinks starting at the
// same time do not race. Append new migrations; never edit one that has shipped.

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'call_records',
    sql: `
      CREATE TABLE call_records (
        firebrick         text        NOT NULL,
        session_id        text        NOT NULL,
        call_id           text,
        nas_identifier    text,
        called            text,
        calling           text,
        cui               text,
        local_uri         text,
        remote_uri        text,
        peer              text,
        started_at        timestamptz,
        answered          boolean     NOT NULL,
        ringing_seconds   bigint,
        connected_seconds bigint,
        terminate_cause   text,
        identities        text[]      NOT NULL DEFAULT '{}',
        ended_at          timestamptz,
        stream            text        NOT NULL,
        stream_id         text        NOT NULL,
        inserted_at       timestamptz NOT NULL DEFAULT now(),
        -- One row per leg: Acct-Session-Id is unique per FireBrick (spec §6.1, §6.3).
        PRIMARY KEY (firebrick, session_id)
      );
      CREATE INDEX call_records_ended_at ON call_records (ended_at);
      -- "Last insert" per stream, for cdr-sink --status.
      CREATE INDEX call_records_stream_inserted_at ON call_records (stream, inserted_at);
    `,
  },
  {
    version: 2,
    name: 'call_records_duration_limits',
    // README → Call duration limits: the leg's limit, and `max-duration` when firebridge cut it there.
    sql: `
      ALTER TABLE call_records ADD COLUMN max_duration_seconds bigint, ADD COLUMN cut text;
    `,
  },
];

/** Any constant both sides agree on: one advisory lock for "migrating firebridge's schema". */
export const MIGRATION_LOCK = 0x66625f73696e6bn; // "fb_sink"
