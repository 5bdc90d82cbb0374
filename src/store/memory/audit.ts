import { AUDIT_MAX_RECORDS, type AuditChange, type AuditQuery, type AuditRecord, type AuditStore } from '../audit.js';

export class MemoryAuditStore implements AuditStore {
  private readonly records: AuditRecord[] = [];
  private seq = 0;

  async record(c: AuditChange): Promise<void> {
    this.records.push({ id: `${c.at}-${this.seq++}`, ...c });
    if (this.records.length > AUDIT_MAX_RECORDS) this.records.shift();
  }

  async list(q: AuditQuery): Promise<AuditRecord[]> {
    return this.records
      .filter((r) => q.subject === undefined || r.subject === q.subject)
      .slice(-q.count)
      .reverse();
  }
}
