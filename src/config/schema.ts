// The configuration file (YAML). Every setting is documented in README.md → Configuration.
import { z } from 'zod';
import { parseClientAddress } from '../radius/clients.js';
import { DEFAULT_PROFILE, FEATURE_CODE_ACTIONS, NO_CLI_POLICY } from '../firebrick/profile.js';
import { patternProblem } from '../rules/feature-codes/index.js';
import { fraudSchema } from './fraud.js';

const port = z.number().int().min(0).max(65535);
/** A Redis consumer group name, kept to characters that need no quoting in redis-cli. */
const DEFAULT_SINK = { group: 'postgres-sink', batchSize: 500, claimIdleSeconds: 60 };
const groupName = z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits, "_", ".", ":" and "-"');

/** 256 MiB: at ~600 bytes a record, about 450,000 call-leg events. */
export const DEFAULT_JOURNAL_BYTES = 256 * 1024 * 1024;

/**
 * The caller-ID policy of a FireBrick's calls (rules/cli-policy/, README → Caller ID policy): `preset`
 * `uk-ofcom` checks the CLI each leg presents; `action` says what a refused one gets (`reject` the
 * call, or `mark`: present it withheld); `internationalGateways` are the carriers whose calls come from
 * abroad; `roamingMobiles` what a UK mobile CLI from abroad gets.
 */
const cliPolicy = z
  .object({
    preset: z.enum(['none', 'uk-ofcom']).default(NO_CLI_POLICY.preset),
    action: z.enum(['reject', 'mark']).default(NO_CLI_POLICY.action),
    internationalGateways: z
      .array(z.string().min(1).regex(/^[^@\s]+$/, 'a FireBrick carrier name, without "@"'))
      .default([]),
    roamingMobiles: z.enum(['present', 'withhold']).default(NO_CLI_POLICY.roamingMobiles),
  })
  .strict()
  .superRefine((p, ctx) => {
    // A policy that names gateways or an action but checks nothing is a mistake, not a choice.
    if (p.preset !== 'none') return;
    const inert = (path: string) => ctx.addIssue({ code: 'custom', path: [path], message: 'has no effect with preset "none": set preset "uk-ofcom"' });
    if (p.action !== NO_CLI_POLICY.action) inert('action');
    if (p.internationalGateways.length) inert('internationalGateways');
    if (p.roamingMobiles !== NO_CLI_POLICY.roamingMobiles) inert('roamingMobiles');
  });

/**
 * Feature codes the client's phones may dial (rules/feature-codes/, README → Feature codes): the
 * `common` preset, codes of its own (`N` a number, `S` seconds), and the carrier of a forward to a
 * number that is no subscriber's.
 */
const featureCodes = z
  .object({
    preset: z.enum(['common', 'none']).default('common'),
    codes: z
      .array(
        z
          .object({ pattern: z.string().min(1), action: z.enum(FEATURE_CODE_ACTIONS) })
          .strict()
          .superRefine((spec, ctx) => {
            const problem = patternProblem(spec);
            if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
          }),
      )
      .default([]),
    carrier: z.string().min(1).regex(/^[^@\s]+$/, 'a FireBrick carrier name, without "@"').optional(),
  })
  .strict();

const profile = z
  .object({
    sipAorAttribute: z.union([z.literal('mirror'), z.literal(121), z.literal(122)]).default(DEFAULT_PROFILE.sipAorAttribute),
    registerNumberAttribute: z
      .enum(['Calling-Station-Id', 'Called-Station-Id'])
      .default(DEFAULT_PROFILE.registerNumberAttribute),
    routingModel: z.enum(['v1.24', 'v1.25']).default(DEFAULT_PROFILE.routingModel),
    /** Absent: no caller ID is checked (NO_CLI_POLICY). */
    cliPolicy: cliPolicy.optional(),
    /** Absent: no feature codes, every INVITE is routed. */
    featureCodes: featureCodes.optional(),
  })
  .strict();

/** A client without `firebrick` settings: the spec's recommended profile, no CLI policy. */
const defaultProfile: z.output<typeof profile> = DEFAULT_PROFILE;

/** Per-port-server FaxBack settings (faxback/profile.ts says what each means). */
export const DEFAULT_FAXBACK_PROFILE = {
  uuidMode: false,
  uuidEncoding: 'dash',
  callAheadIn: 'pre-send',
  answer: { getDid: true, getDidsForAccount: true, callAhead: true },
} as const;

const faxbackProfile = z
  .object({
    uuidMode: z.boolean().default(DEFAULT_FAXBACK_PROFILE.uuidMode),
    uuidEncoding: z.enum(['binary', 'hex', 'dash']).default(DEFAULT_FAXBACK_PROFILE.uuidEncoding),
    callAheadIn: z.enum(['pre-send', 'get-call-ahead-mode']).default(DEFAULT_FAXBACK_PROFILE.callAheadIn),
    answer: z
      .object({
        getDid: z.boolean().default(DEFAULT_FAXBACK_PROFILE.answer.getDid),
        getDidsForAccount: z.boolean().default(DEFAULT_FAXBACK_PROFILE.answer.getDidsForAccount),
        callAhead: z.boolean().default(DEFAULT_FAXBACK_PROFILE.answer.callAhead),
      })
      .strict()
      .default(DEFAULT_FAXBACK_PROFILE.answer),
  })
  .strict();

const client = z
  .object({
    /** What the client is: a FireBrick (default) or a FaxBack port server; it decides the dialect spoken. */
    kind: z.enum(['firebrick', 'faxback']).default('firebrick'),
    name: z.string().min(1).regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, "_", "." and "-"'),
    address: z.string().superRefine((value, ctx) => {
      try {
        parseClientAddress(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
    secret: z.string().min(1, 'an empty shared secret is forbidden (RFC 2865 §3)'),
    /**
     * Default: on for FireBricks (BlastRADIUS); off for FaxBack port servers, which never send one
     * (FaxBack spec §1.5).
     */
    requireMessageAuthenticator: z.boolean().optional(),
    /** Where the FireBrick takes Disconnect-Requests (RFC 5176). */
    disconnectPort: port.default(3799),
    firebrick: profile.optional(),
    faxback: faxbackProfile.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const other = c.kind === 'faxback' ? 'firebrick' : 'faxback';
    if (c[other] !== undefined) ctx.addIssue({ code: 'custom', path: [other], message: `only a client of kind "${other}" takes "${other}" settings (this one is kind "${c.kind}")` });
  })
  .transform(({ firebrick, faxback, ...c }) => {
    const common = { ...c, requireMessageAuthenticator: c.requireMessageAuthenticator ?? c.kind === 'firebrick' };
    return c.kind === 'faxback'
      ? { ...common, kind: 'faxback' as const, faxback: faxback ?? DEFAULT_FAXBACK_PROFILE }
      : { ...common, kind: 'firebrick' as const, firebrick: firebrick ?? defaultProfile };
  });

export const configSchema = z
  .object({
    listen: z
      .object({
        host: z.string().default('::'),
        auth: port.default(1812),
        acct: port.default(1813),
      })
      .strict()
      .default({ host: '::', auth: 1812, acct: 1813 }),
    clients: z.array(client).default([]),
    redis: z
      .object({
        /** Absent: an in-process store, for trying firebridge out (logged loudly). */
        url: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').optional(),
        /** Redis Sentinel: master name and sentinel addresses ("host:port"). */
        sentinel: z
          .object({ name: z.string().min(1), nodes: z.array(z.string().min(1)).min(1), password: z.string().optional() })
          .strict()
          .optional(),
        /** Redis Cluster: seed node addresses ("host:port"). */
        cluster: z.object({ nodes: z.array(z.string().min(1)).min(1) }).strict().optional(),
        /** Password for sentinel-managed or cluster nodes (a URL carries its own). */
        password: z.string().optional(),
        keyPrefix: z.string().default('fb:'),
        commandTimeoutMs: z.number().int().positive().default(200),
        /**
         * What an Access-Request gets while Redis fails: `drop` (no answer: the FireBrick fails over to
         * the next server), `reject` (Access-Reject "Service temporarily unavailable"), or `static`
         * (calls needing no subscriber lookup — carriers, local phones — are routed by `fallbackRulesDir`).
         */
        failurePolicy: z.enum(['drop', 'reject', 'static']).default('drop'),
        fallbackRulesDir: z.string().optional(),
        /**
         * With no url, sentinel or cluster: first try a Redis at the default local address (true), or
         * go straight to the in-process store (false: a trial that must not touch a local Redis).
         */
        probeLocal: z.boolean().default(true),
      })
      .strict()
      .default({ keyPrefix: 'fb:', commandTimeoutMs: 200, failurePolicy: 'drop', probeLocal: true })
      .refine((r) => [r.url, r.sentinel, r.cluster].filter((x) => x !== undefined).length <= 1, {
        message: 'use one of url, sentinel or cluster',
      })
      .refine((r) => r.failurePolicy !== 'static' || r.fallbackRulesDir !== undefined, {
        message: 'failurePolicy "static" needs fallbackRulesDir',
        path: ['fallbackRulesDir'],
      }),
    digest: z
      .object({
        /** Realm offered in server-issued challenges (Digest-Realm). */
        realm: z.string().min(1).default('firebridge'),
        /** Offered in challenges, most preferred first; the FireBrick documents MD5 only (spec §8.4). */
        algorithm: z.enum(['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess', 'SHA-512-256', 'SHA-512-256-sess']).default('MD5'),
        qop: z.enum(['auth', 'none']).default('auth'),
        /** Server-issued nonces older than this get a Digest-Stale challenge (RFC 5090 §2.2.2). */
        nonceLifetimeSeconds: z.number().int().min(10).max(86_400).default(300),
        /** Accept nonces the FireBrick issued itself, on the hash alone plus replay protection (spec §8.5 step 7). */
        acceptForeignNonces: z.boolean().default(true),
      })
      .strict()
      .default({ realm: 'firebridge', algorithm: 'MD5', qop: 'auth', nonceLifetimeSeconds: 300, acceptForeignNonces: true }),
    guard: z
      .object({
        /** Failed authentications per username within the window before it is locked out. */
        maxFailuresPerUser: z.number().int().min(1).default(5),
        /** Failed authentications per SIP source address (NAS-IP-Address) within the window. */
        maxFailuresPerSource: z.number().int().min(1).default(20),
        windowSeconds: z.number().int().min(1).default(300),
        lockoutSeconds: z.number().int().min(1).default(900),
      })
      .strict()
      .default({ maxFailuresPerUser: 5, maxFailuresPerSource: 20, windowSeconds: 300, lockoutSeconds: 900 }),
    registration: z
      .object({
        /** Requested Expires below this is raised to it (0 still unregisters). */
        minExpiresSeconds: z.number().int().min(1).default(60),
        maxExpiresSeconds: z.number().int().min(1).default(3600),
        /** Granted when the REGISTER carries no Expires (no Session-Timeout in the request). */
        defaultExpiresSeconds: z.number().int().min(1).default(3600),
      })
      .strict()
      .default({ minExpiresSeconds: 60, maxExpiresSeconds: 3600, defaultExpiresSeconds: 3600 })
      .refine((r) => r.minExpiresSeconds <= r.maxExpiresSeconds, { message: 'minExpiresSeconds must not exceed maxExpiresSeconds' }),
    accounting: z
      .object({
        /** A leg with no Stop after this long stops counting as active (a lost Stop cannot block a subscriber). */
        staleLegHours: z.number().positive().default(12),
        /**
         * Cap on each call-record stream. Lossy without consumer groups (the oldest records go, read or
         * not); with groups, only records every group has acknowledged are trimmed.
         */
        maxRecords: z.number().int().min(1000).default(1_000_000),
        /** How long finished legs are remembered so retransmitted Stops are not recorded twice. */
        dedupeHours: z.number().positive().default(24),
        /** Redis consumer groups that read the call records: nothing they have not acknowledged is trimmed. */
        consumers: z.array(groupName).default([]),
        /** The PostgreSQL call-record sink (`firebridge cdr-sink`); with `postgres` set, `serve` runs it too. */
        sink: z
          .object({
            postgres: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL').optional(),
            /** The consumer group the sink reads with; it protects the records it has not stored from trimming. */
            group: groupName.default(DEFAULT_SINK.group),
            batchSize: z.number().int().min(1).max(2000).default(DEFAULT_SINK.batchSize),
            /** Records a consumer has held this long unacknowledged (it died) are taken over by another. */
            claimIdleSeconds: z.number().int().min(1).default(DEFAULT_SINK.claimIdleSeconds),
          })
          .strict()
          .default(DEFAULT_SINK),
        /**
         * When an Accounting-Response may leave (README → Durability of call records): `stored` once
         * the Redis master has the record; `replicated` once `replicas` replicas have it too (WAIT).
         */
        durability: z.enum(['stored', 'replicated']).default('stored'),
        replicas: z.number().int().min(1).default(1),
        /** How long a WAIT may take; it follows the write, so both fit the FireBrick's first 0.5 s. */
        replicaTimeoutMs: z.number().int().positive().default(100),
        /** A local fsync'd journal for what Redis cannot take in time (off without `dir`). */
        journal: z
          .object({
            dir: z.string().min(1).optional(),
            maxBytes: z.number().int().min(65_536).default(DEFAULT_JOURNAL_BYTES),
          })
          .strict()
          .default({ maxBytes: DEFAULT_JOURNAL_BYTES }),
        /**
         * Accounting shards on Redis, each its own hash tag and call-record stream, so a Cluster spreads
         * accounting over its masters. Every instance and command must use the same number (README).
         */
        shards: z.number().int().min(1).max(1024).default(16),
      })
      .strict()
      .default({
        staleLegHours: 12,
        maxRecords: 1_000_000,
        dedupeHours: 24,
        shards: 16,
        consumers: [],
        sink: DEFAULT_SINK,
        durability: 'stored',
        replicas: 1,
        replicaTimeoutMs: 100,
        journal: { maxBytes: DEFAULT_JOURNAL_BYTES },
      }),
    limits: z
      .object({
        /**
         * Longest an answered call may last, in seconds, when neither its rule, its leg nor its
         * subscriber says less; 0: no default limit. Enforced by Disconnect-Request (RFC 5176):
         * the FireBrick documents no in-call limit of its own.
         */
        maxCallSeconds: z.number().int().min(0).default(0),
        /** How often each instance looks for legs past their limit. */
        sweepIntervalMs: z.number().int().min(100).max(60_000).default(1000),
        /** Disconnect-Request sends per leg (the first and its retransmissions) before it is logged as failed. */
        disconnectAttempts: z.number().int().min(1).max(10).default(3),
        /** Wait for a Disconnect-ACK/NAK before each retransmission. */
        disconnectTimeoutMs: z.number().int().min(10).max(30_000).default(1000),
        /** After the Disconnect-ACK, how long the leg's Stop is awaited before the cut is logged as unconfirmed. */
        stopWaitSeconds: z.number().int().min(1).max(3600).default(10),
      })
      .strict()
      .default({ maxCallSeconds: 0, sweepIntervalMs: 1000, disconnectAttempts: 3, disconnectTimeoutMs: 1000, stopWaitSeconds: 10 }),
    rules: z
      .object({
        dir: z.string().default('routing-rules'),
        /** No rule matched: `reject` (default, safe against toll fraud) or `firebrick` (empty route list: the box routes). */
        noMatch: z.enum(['reject', 'firebrick']).default('reject'),
        /** Reload when files in the directory change (SIGHUP always reloads). */
        watch: z.boolean().default(true),
      })
      .strict()
      .default({ dir: 'routing-rules', noMatch: 'reject', watch: true }),
    radius: z
      .object({
        duplicateWindowSeconds: z.number().positive().max(60).default(10),
      })
      .strict()
      .default({ duplicateWindowSeconds: 10 }),
    metrics: z
      .object({
        enabled: z.boolean().default(true),
        /** Prometheus /metrics, /healthz and /readyz. Loopback by default: expose it deliberately. */
        host: z.string().default('127.0.0.1'),
        port: port.default(9812),
      })
      .strict()
      .default({ enabled: true, host: '127.0.0.1', port: 9812 }),
    /** The admin API and web console (README → Console and API), served by `firebridge serve`. */
    api: z
      .object({
        enabled: z.boolean().default(true),
        /** Loopback by default: bearer tokens guard it, but expose it deliberately (and with TLS). */
        host: z.string().default('127.0.0.1'),
        port: port.default(9813),
        /** PEM files; with both, the API speaks HTTPS only. */
        tls: z.object({ cert: z.string().min(1), key: z.string().min(1) }).strict().optional(),
        /** Largest request body (a CSV import included); bigger ones get 413 and change nothing. */
        bodyLimitBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(4 * 1024 * 1024),
      })
      .strict()
      .default({ enabled: true, host: '127.0.0.1', port: 9813, bodyLimitBytes: 4 * 1024 * 1024 }),
    faxback: z
      .object({
        /**
         * The port server's vendor dictionary, FreeRADIUS format (FaxBack spec §8): numbers the attributes
         * the built-in table does not know; it wins over a built-in number, with a warning.
         */
        dictionary: z.string().min(1).optional(),
      })
      .strict()
      .default({}),
    /** The fraud guard (config/fraud.ts, README → Fraud guard): off while no thresholds are set. */
    fraud: fraudSchema.prefault({}),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
        format: z.enum(['auto', 'json', 'pretty']).default('auto'),
      })
      .strict()
      .default({ level: 'info', format: 'auto' }),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const seen = new Map<string, number>();
    cfg.clients.forEach((c, i) => {
      const first = seen.get(c.name);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['clients', i, 'name'], message: `duplicate client name (also clients[${first}])` });
      } else seen.set(c.name, i);
    });
    if (cfg.accounting.durability === 'replicated') {
      // See src/store/redis/replication.ts for why Cluster cannot be waited on reliably.
      if (cfg.redis.cluster) {
        ctx.addIssue({
          code: 'custom',
          path: ['accounting', 'durability'],
          message:
            '"replicated" is not available with redis.cluster: WAIT must reach the master that took the write, on the same ' +
            'connection, which ioredis does not offer for a Cluster; use accounting.journal.dir and min-replicas-to-write instead',
        });
      }
      if (cfg.accounting.replicaTimeoutMs >= cfg.redis.commandTimeoutMs) {
        ctx.addIssue({
          code: 'custom',
          path: ['accounting', 'replicaTimeoutMs'],
          message: `must be below redis.commandTimeoutMs (${cfg.redis.commandTimeoutMs}): the WAIT is itself a Redis command`,
        });
      }
    }
  });

export type Config = z.output<typeof configSchema>;
export type ClientConfig = Config['clients'][number];
export type FirebrickClientConfig = Extract<ClientConfig, { kind: 'firebrick' }>;
export type FaxbackClientConfig = Extract<ClientConfig, { kind: 'faxback' }>;

export function firebrickClients(clients: readonly ClientConfig[]): FirebrickClientConfig[] {
  return clients.filter((c): c is FirebrickClientConfig => c.kind === 'firebrick');
}
