import type { RedisClient } from './connection.js';
import type { Keys } from '../keys.js';
import { AUDIT_MAX_RECORDS, formatActor, parseActor, type AuditChange, type AuditQuery, type AuditRecord, type AuditStore } from '../audit.js';

/** How many entries one list() reads back at most while filtering by subject. */
const SCAN_LIMIT = 10_000;

function fromEntry(id: string, flat: string[]): AuditRecord {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
  const json = (v: string | undefined): Record<string, unknown> => {
    try {
      return v ? (JSON.parse(v) as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  return { id, at: Number(f.at), who: parseActor(f.who ?? ''), subject: f.subject ?? '', what: f.what ?? '', before: json(f.before), after: json(f.after) };
}

export class RedisAuditStore implements AuditStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async record(c: AuditChange): Promise<void> {
    await this.redis.xadd(
      this.keys.audit(),
      'MAXLEN',
      '~',
      AUDIT_MAX_RECORDS,
      '*',
      'at',
      String(c.at),
      'who',
      formatActor(c.who),
      'subject',
      c.subject,
      'what',
      c.what,
      'before',
      JSON.stringify(c.before),
      'after',
      JSON.stringify(c.after),
    );
  }

  async list(q: AuditQuery): Promise<AuditRecord[]> {
    const entries = await this.redis.xrevrange(this.keys.audit(), '+', '-', 'COUNT', q.subject === undefined ? q.count : SCAN_LIMIT);
    const records = entries.map(([id, flat]) => fromEntry(id, flat));
    return (q.subject === undefined ? records : records.filter((r) => r.subject === q.subject)).slice(0, q.count);
  }
}
